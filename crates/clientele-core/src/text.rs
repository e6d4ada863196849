//! Small text foldings shared by search and import.

/// Full-width ASCII (`１２３`, `Ａｎｎａ`, `（`) as its half-width form, and
/// the ideographic space as a space: what a Chinese input method often types.
pub fn to_half_width(c: char) -> char {
    match c {
        '\u{FF01}'..='\u{FF5E}' => char::from_u32(c as u32 - 0xFEE0).unwrap_or(c),
        '\u{3000}' => ' ',
        _ => c,
    }
}

/// Lower case and half width: the form search bodies and queries are compared in.
pub fn fold(s: &str) -> String {
    s.chars()
        .map(to_half_width)
        .collect::<String>()
        .to_lowercase()
}
