//! The words of the demo's activity: what a small Chinese shop writes down
//! about its customers, mostly in Chinese, sometimes in English.

/// Interaction summaries by kind (purchases have their own lists below).
pub const VISITS: &[&str] = &[
    "到店看了新到的草莓，试吃后买了两盒",
    "带朋友来店里逛了逛",
    "来问会员卡积分怎么用",
    "到店取预订的水果篮",
    "来店里聊了聊下个月的团购",
    "试吃了新品，说下次再买",
    "路过进来打了个招呼",
    "Came in for the weekend specials",
    "Dropped by to pick up the catering order",
];
pub const CALLS: &[&str] = &[
    "电话确认周六的送货时间",
    "打电话没人接，稍后再打",
    "回访：上次的水果很新鲜，客户很满意",
    "客户来电问有没有有机蔬菜",
    "电话沟通批发价格，客户要考虑一下",
    "客户来电改了送货地址",
    "Called about the bulk order for the office party",
    "Left a voicemail about the delivery",
];
pub const MESSAGES: &[&str] = &[
    "微信发来订单：两箱橙子，周五送",
    "微信通知本周促销",
    "客户微信问今天有没有新鲜的鱼",
    "短信提醒取货",
    "发了新品照片，客户说想要",
    "客户微信发了好评截图",
    "WeChat: asked if we deliver on Sundays",
    "Sent the price list on WeChat",
];
pub const EMAILS: &[&str] = &[
    "发送了本月的对账单",
    "邮件确认批发报价",
    "客户邮件要了发票",
    "Sent the October invoice",
    "Emailed the holiday opening hours",
];
pub const NOTES: &[&str] = &[
    "客户生日快到了，准备小礼物",
    "喜欢周末早上来，不爱排队",
    "对价格敏感，有特价时再联系",
    "新搬到附近，可能常来",
    "孩子对芒果过敏，推荐水果时注意",
    "Prefers WeChat over phone calls",
    "Asked us to keep ripe mangoes aside",
];

/// What was bought, with a typical price per item in yuan (min, max).
pub const ITEMS_ZH: &[(&str, u32, u32)] = &[
    ("草莓 2 斤", 30, 60),
    ("有机菠菜", 8, 15),
    ("进口车厘子 1 箱", 150, 398),
    ("鲜榨橙汁 ×2", 20, 36),
    ("五常大米 10 公斤", 89, 168),
    ("土鸡蛋 30 枚", 35, 58),
    ("龙井茶 250 克", 120, 480),
    ("阳澄湖大闸蟹 6 只", 268, 688),
    ("水果礼盒", 128, 298),
    ("纯牛奶 1 箱", 45, 79),
    ("红富士苹果 5 斤", 25, 45),
    ("香蕉一把", 8, 15),
    ("猕猴桃 12 个", 30, 55),
    ("坚果礼包", 68, 158),
    ("三文鱼 500 克", 78, 138),
];
pub const ITEMS_EN: &[(&str, u32, u32)] = &[
    ("Organic apples 3 kg", 45, 75),
    ("Avocado ×4", 28, 48),
    ("Coffee beans 500 g", 68, 158),
    ("Sourdough loaf", 25, 38),
    ("Blueberries ×2", 30, 50),
    ("Olive oil 1 L", 78, 138),
];
pub const PURCHASE_NOTES: &[&str] = &[
    "",
    "",
    "会员价",
    "微信支付",
    "支付宝支付",
    "现金",
    "开了发票",
    "送货上门",
    "Paid by card",
    "Member discount applied",
];
pub const WHOLESALE_ITEMS: &[&str] = &[
    "苹果 5 箱、橙子 3 箱",
    "大米 20 袋",
    "蔬菜套餐 10 份（餐厅）",
    "矿泉水 30 箱",
    "Mixed fruit for the office, 12 boxes",
];

/// How complaints arrive.
pub const CHANNELS: &[&str] = &["到店", "电话", "微信", "大众点评", "美团", "短信", "Email"];

/// One complaint category's words: what customers said, what the shop did
/// (a remedy code and its note), and what it learned.
pub struct CategoryTexts {
    pub category: &'static str,
    pub descriptions: &'static [&'static str],
    pub remedies: &'static [(&'static str, &'static str)],
    pub causes: &'static [&'static str],
}

pub const COMPLAINTS: &[CategoryTexts] = &[
    CategoryTexts {
        category: "productQuality",
        descriptions: &[
            "买的草莓有一半是烂的",
            "牛奶回家打开发现已经变质",
            "大米里有虫",
            "车厘子不新鲜，有些已经软了",
            "The avocados were brown inside",
        ],
        remedies: &[
            ("refund", "退还这盒草莓的钱 39.80 元"),
            ("replacement", "换了一箱新的，当面检查过"),
            ("replacement", "Replaced the whole bag"),
        ],
        causes: &[
            "这批货运输时间过长；以后到货当天检查并剔除坏果。",
            "冷柜温度偏高；已修好并每天早晚记录温度。",
            "Supplier batch was old; we now check dates on delivery.",
        ],
    },
    CategoryTexts {
        category: "staffAttitude",
        descriptions: &[
            "收银员态度不好，说话很冲",
            "问了两遍没人理",
            "店员催着结账，不耐烦",
            "Staff ignored me while on the phone",
        ],
        remedies: &[
            ("apology", "店长当面道歉"),
            ("discount", "下次消费九折"),
            ("apology", "Manager apologised in person"),
        ],
        causes: &[
            "新员工培训不足；已安排服务培训，每周例会复盘。",
            "高峰期只有一个人收银；周末加一个班。",
            "Busy hour with one person on the till; added a second shift.",
        ],
    },
    CategoryTexts {
        category: "promiseNotKept",
        descriptions: &[
            "说好周五到货，周一还没到",
            "答应留的大闸蟹被卖掉了",
            "说好会回电话，一直没打",
            "Promised a callback that never came",
        ],
        remedies: &[
            ("discount", "这单打八折"),
            ("other", "送了一袋水果表示歉意"),
            ("discount", "20% off this order"),
        ],
        causes: &[
            "预订只记在脑子里；现在所有预订都登记在系统里。",
            "回电没有提醒；现在用回访提醒。",
            "Bookings were on paper; now every booking is a reminder.",
        ],
    },
    CategoryTexts {
        category: "delivery",
        descriptions: &[
            "送货晚了三个小时，菜都蔫了",
            "送错了地址",
            "少送了一箱橙子",
            "Delivery arrived after we had closed",
        ],
        remedies: &[
            ("discount", "免这次的运费，下次九折"),
            ("replacement", "当天补送了少的那箱"),
            ("apology", "Apologised and refunded the delivery fee"),
        ],
        causes: &[
            "周五送货路线太满；增加了一位送货员。",
            "地址是手写的；现在下单时复核地址。",
            "Friday route overloaded; added a second driver.",
        ],
    },
    CategoryTexts {
        category: "price",
        descriptions: &[
            "结账价格和标签不一致，多收了 12 元",
            "促销价没有按促销算",
            "会员折扣没有用上",
            "Charged twice for the same item",
        ],
        remedies: &[
            ("refund", "退还多收的 12 元"),
            ("refund", "按促销价退了差价"),
            ("refund", "Refunded the double charge"),
        ],
        causes: &[
            "价签没有及时更新；每天开店前核对价签。",
            "收银系统的促销没有设置好；改价后由第二个人核对。",
            "Old price tags left on the shelf; tags checked every morning.",
        ],
    },
    CategoryTexts {
        category: "other",
        descriptions: &[
            "店门口停车太难",
            "店里太吵，打电话听不清",
            "会员积分没有到账",
            "No receipt was given",
        ],
        remedies: &[
            ("other", "补上了积分"),
            ("apology", "道歉并说明了情况"),
            ("other", "Sent the receipt by email"),
        ],
        causes: &[
            "积分要手动录入；现在结账时自动计算。",
            "和隔壁商量好了晚上可以借用停车位。",
            "Receipt printer was out of paper; spare rolls by the till.",
        ],
    },
];

/// Notes on the handling steps.
pub const IN_PROGRESS_NOTES: &[&str] = &[
    "已电话联系客户，了解情况",
    "已道歉，正在查这批货的进货记录",
    "店长接手处理",
    "约了客户明天来店里面谈",
    "Called the customer back; checking with the supplier",
];
pub const RESOLVE_NOTES: &[&str] = &[
    "客户接受了处理方案",
    "客户表示理解",
    "已当面处理完毕",
    "Customer happy with the outcome",
];
pub const REOPEN_NOTES: &[&str] = &[
    "客户说换的货还是有问题",
    "客户对处理结果不满意，要求退款",
    "同样的问题又出现了",
    "Customer called again: still not sorted",
];
pub const CLOSE_NOTES: &[&str] = &[
    "回访确认满意，结案",
    "已复盘，结案",
    "Follow-up done; closing",
];

/// What was logged when a complaint's follow-up was done: (kind, summary).
pub const FOLLOW_UP_LOGS: &[(&str, &str)] = &[
    ("call", "回访：客户对处理结果满意"),
    ("call", "回访：客户说新换的货很好"),
    ("message", "微信回访，客户回复“没问题了，谢谢”"),
    ("call", "Follow-up call: all good now"),
];

/// Reminder notes, one-off and by kind of series.
pub const REMINDER_NOTES: &[&str] = &[
    "提醒客户会员卡下月到期",
    "问问上次的批发订单还需不需要",
    "新到的车厘子，通知喜欢水果的老客户",
    "生日前送个小礼物",
    "确认周末的送货地址",
    "Call back about the catering quote",
    "Ask how the new coffee beans were",
];
pub const WEEKLY_NOTES: &[&str] = &[
    "每周三确认下周的菜单用量",
    "每周五送货前确认订单",
    "Weekly order check (Friday delivery)",
];
pub const MONTHLY_NOTES: &[&str] = &["每月初确认进货量", "月度对账", "Monthly invoice reminder"];
pub const AFTER_DONE_NOTES: &[&str] = &[
    "定期回访老客户",
    "看看客户是否需要补货",
    "Check in: time for a refill?",
];

/// What was logged when a reminder was done: (kind, summary).
pub const REMINDER_LOGS: &[(&str, &str)] = &[
    ("call", "电话回访，客户说最近都挺好"),
    ("call", "打电话确认了下次进货量"),
    ("message", "微信发了新品信息，客户说周末来看看"),
    ("visit", "客户顺路到店，当面聊了聊"),
    ("call", "Check-in call: will reorder next week"),
];
