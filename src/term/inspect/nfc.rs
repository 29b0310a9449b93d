//! Whether an atom name would change under Unicode NFC normalisation, which
//! makes Elixir quote it (`:"z\u0301"`, since NFC composes it to `ź`).
//!
//! Without Unicode's composition tables this covers the common case: an
//! ASCII letter followed by a combining mark it composes with (the table is
//! what OTP 25's `:unicode.characters_to_nfc_list/1` composes), and the
//! marks that NFC always replaces.

/// Combining marks and the ASCII letters each composes with.
const COMPOSES: &[(u32, &str)] = &[
    (0x300, "AEINOUWYaeinouwy"),
    (0x301, "ACEGIKLMNOPRSUWYZacegiklmnoprsuwyz"),
    (0x302, "ACEGHIJOSUWYZaceghijosuwyz"),
    (0x303, "AEINOUVYaeinouvy"),
    (0x304, "AEGIOUYaegiouy"),
    (0x306, "AEGIOUaegiou"),
    (0x307, "ABCDEFGHIMNOPRSTWXYZabcdefghmnoprstwxyz"),
    (0x308, "AEHIOUWXYaehiotuwxy"),
    (0x309, "AEIOUYaeiouy"),
    (0x30A, "AUauwy"),
    (0x30B, "OUou"),
    (0x30C, "ACDEGHIKLNORSTUZacdeghijklnorstuz"),
    (0x30F, "AEIORUaeioru"),
    (0x311, "AEIORUaeioru"),
    (0x31B, "OUou"),
    (0x323, "ABDEHIKLMNORSTUVWYZabdehiklmnorstuvwyz"),
    (0x324, "Uu"),
    (0x325, "Aa"),
    (0x326, "STst"),
    (0x327, "CDEGHKLNRSTcdeghklnrst"),
    (0x328, "AEIOUaeiou"),
    (0x32D, "DELNTUdelntu"),
    (0x32E, "Hh"),
    (0x330, "EIUeiu"),
    (0x331, "BDKLNRTZbdhklnrtz"),
];

/// Marks that NFC always replaces by another code point.
const SINGLETONS: &[u32] = &[0x340, 0x341, 0x343, 0x344];

/// True if NFC would change `name` (as far as this module can tell).
pub fn changes_under_nfc(name: &str) -> bool {
    let mut prev = None;
    for c in name.chars() {
        let code = c as u32;
        if SINGLETONS.contains(&code) || prev.is_some_and(|p: char| composes(p, code)) {
            return true;
        }
        prev = Some(c);
    }
    false
}

fn composes(base: char, mark: u32) -> bool {
    COMPOSES
        .iter()
        .any(|(m, letters)| *m == mark && base.is_ascii_alphabetic() && letters.contains(base))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_letter_and_a_mark_it_composes_with_change() {
        assert!(changes_under_nfc("z\u{301}"));
        assert!(!changes_under_nfc("x\u{301}"));
        assert!(!changes_under_nfc("é\u{301}"));
        assert!(!changes_under_nfc("plain"));
    }
}
