//! The creditor's name as a bank shows it to the payer: the first word in
//! capitals, every other word's first letter and a star for each letter
//! after it (`Chan Tai Man` is `CHAN T** M**`).

/// The longest masked name (the specs' `creditorName`).
const MAX_CHARS: usize = 140;

/// The masked form of a holder's name.
pub(crate) fn masked_name(name: &str) -> String {
    let mut words = name.split_whitespace();
    let mut out = words.next().unwrap_or_default().to_uppercase();
    for word in words {
        out.push(' ');
        let mut chars = word.chars();
        if let Some(first) = chars.next() {
            out.extend(first.to_uppercase());
        }
        out.extend(chars.map(|_| '*'));
    }
    match out.char_indices().nth(MAX_CHARS) {
        Some((cut, _)) => out[..cut].to_owned(),
        None => out,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn masks_every_word_but_the_first() {
        assert_eq!(masked_name("Chan Tai Man"), "CHAN T** M**");
        assert_eq!(
            masked_name("CLP Power Hong Kong Limited"),
            "CLP P**** H*** K*** L******"
        );
        assert_eq!(masked_name(""), "");
        assert_eq!(masked_name(&"a ".repeat(200)).chars().count(), 140);
    }
}
