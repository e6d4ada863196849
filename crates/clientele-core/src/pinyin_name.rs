//! How a Chinese name is typed on a Latin keyboard: its pinyin in full and its
//! initials (拼音码), without tones, with every reading of a polyphonic
//! character (曾 is zeng and ceng; 单 is dan, and shan as a surname), so
//! search finds 张三 by `zhangsan`, `zhang san` or `zs`.

use pinyin::{Pinyin, ToPinyinMulti};

/// The most spellings kept per name. Three characters with three readings
/// each make 27; the first readings, the common ones, come first.
const MAX_SPELLINGS: usize = 32;

/// A name's pinyin spellings: full (`zhangsan`) and initials (`zs`), each
/// distinct. Both are empty when the name has no Chinese character. Other
/// letters and digits in the name are kept as they are (`李Anna` → `lianna`).
pub fn spellings(name: &str) -> (Vec<String>, Vec<String>) {
    let mut has_han = false;
    // Per character: its readings as (full, initial).
    let mut options: Vec<Vec<(String, String)>> = Vec::new();
    for ch in name.chars().flat_map(char::to_lowercase) {
        if let Some(multi) = ch.to_pinyin_multi() {
            has_han = true;
            let mut readings: Vec<(String, String)> = Vec::new();
            for p in multi.into_iter().map(Pinyin::plain) {
                let reading = (p.to_string(), p[..1].to_string());
                if !readings.contains(&reading) {
                    readings.push(reading);
                }
            }
            options.push(readings);
        } else if ch.is_alphanumeric() {
            options.push(vec![(ch.to_string(), ch.to_string())]);
        }
    }
    if !has_han {
        return (vec![], vec![]);
    }
    let mut combos: Vec<(String, String)> = vec![(String::new(), String::new())];
    for readings in &options {
        let mut next = Vec::with_capacity(combos.len() * readings.len());
        'outer: for (full, initials) in &combos {
            for (f, i) in readings {
                if next.len() == MAX_SPELLINGS {
                    break 'outer;
                }
                next.push((format!("{full}{f}"), format!("{initials}{i}")));
            }
        }
        combos = next;
    }
    let mut fulls: Vec<String> = Vec::new();
    let mut initials: Vec<String> = Vec::new();
    for (f, i) in combos {
        if !fulls.contains(&f) {
            fulls.push(f);
        }
        if !initials.contains(&i) {
            initials.push(i);
        }
    }
    (fulls, initials)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn full_pinyin_and_initials() {
        let (full, initials) = spellings("张三");
        assert_eq!(full[0], "zhangsan");
        assert_eq!(initials[0], "zs");
        let (_, initials) = spellings("李明朗");
        assert!(initials.contains(&"lml".to_string()));
    }

    #[test]
    fn every_reading_of_a_polyphonic_character() {
        let (full, initials) = spellings("曾");
        assert!(
            full.contains(&"zeng".to_string()) && full.contains(&"ceng".to_string()),
            "{full:?}"
        );
        assert!(initials.contains(&"z".to_string()) && initials.contains(&"c".to_string()));
        let (full, _) = spellings("单雄信");
        assert!(full.contains(&"shanxiongxin".to_string()), "{full:?}");
        assert!(full.contains(&"danxiongxin".to_string()), "{full:?}");
    }

    #[test]
    fn mixed_and_latin_names() {
        let (full, initials) = spellings("李Anna");
        assert_eq!(full, vec!["lianna"]);
        assert_eq!(initials, vec!["lanna"]);
        assert_eq!(spellings("Anna Müller"), (vec![], vec![]));
    }

    #[test]
    fn spellings_are_capped() {
        // Many polyphonic characters would multiply; the list stays bounded.
        let (full, initials) = spellings("还还还还还还还还");
        assert!(full.len() <= MAX_SPELLINGS && initials.len() <= MAX_SPELLINGS);
        assert!(full[0].starts_with("hai"));
    }
}
