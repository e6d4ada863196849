"""The same customer export as Clientele's, written by Python's XlsxWriter.

Used by `cargo bench -p clientele-core --bench core` for a side-by-side
comparison: reads the same rows from the same SQLite file, writes the same
columns with the same formats (constant-memory mode, the fastest XlsxWriter has).
Usage: python3 xlsxwriter_export.py DB OUT.xlsx
"""
import json
import sqlite3
import sys
from datetime import date, datetime

import xlsxwriter

HEADERS = ["编号", "姓名", "电话", "邮箱", "公司", "地址", "生日", "性别", "来源", "标签",
           "联系周期（天）", "备注", "创建时间", "更新时间"]
GENDER = {"female": "女", "male": "男", "other": "其他"}


def main(db_path, out_path):
    db = sqlite3.connect(db_path)
    rows = db.execute(
        """SELECT c.id, c.name, c.phones, c.email, c.company, c.address, c.birthday, c.gender,
                  c.source, (SELECT group_concat(name, '; ') FROM (SELECT t.name FROM customer_tags ct
                     JOIN tags t ON t.id = ct.tag_id WHERE ct.customer_id = c.id ORDER BY t.name)),
                  c.contact_cycle_days, c.notes, c.created_at, c.updated_at
           FROM customers c WHERE c.deleted_at IS NULL ORDER BY c.name COLLATE NOCASE, c.id""")
    wb = xlsxwriter.Workbook(out_path, {"constant_memory": True, "strings_to_formulas": False,
                                        "strings_to_numbers": False, "strings_to_urls": False})
    ws = wb.add_worksheet("客户")
    bold = wb.add_format({"bold": True, "align": "center"})
    dfmt = wb.add_format({"num_format": "yyyy-mm-dd"})
    tfmt = wb.add_format({"num_format": "yyyy-mm-dd hh:mm"})
    ws.set_column(0, 13, 14)
    for col, h in enumerate(HEADERS):
        ws.write_string(0, col, h, bold)
    r = 0
    for row in rows:
        r += 1
        (cid, name, phones, email, company, address, birthday, gender, source, tags, cycle,
         notes, created, updated) = row
        ws.write_number(r, 0, cid)
        ws.write_string(r, 1, name)
        for col, value in ((2, "; ".join(json.loads(phones))), (3, email), (4, company), (5, address),
                           (7, GENDER.get(gender or "", "")), (8, source), (9, tags), (11, notes)):
            if value:
                ws.write_string(r, col, value[:32767])
        if birthday:
            ws.write_datetime(r, 6, date.fromisoformat(birthday), dfmt)
        if cycle is not None:
            ws.write_number(r, 10, cycle)
        ws.write_datetime(r, 12, datetime.fromisoformat(created.replace("Z", "")), tfmt)
        ws.write_datetime(r, 13, datetime.fromisoformat(updated.replace("Z", "")), tfmt)
    ws.freeze_panes(1, 0)
    ws.autofilter(0, 0, max(r, 1), 13)
    wb.close()


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
