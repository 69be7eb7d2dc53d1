//! The CRC of EMVCo QR payloads.

/// CRC-16/CCITT-FALSE (polynomial `0x1021`, initial value `0xFFFF`, no reflection, no final
/// XOR), the checksum EMVCo QR codes carry in tag 63.
///
/// ```
/// assert_eq!(hkob_payments::fps::crc16_ccitt_false(b"123456789"), 0x29B1);
/// ```
pub fn crc16_ccitt_false(data: &[u8]) -> u16 {
    const POLY: u16 = 0x1021;
    let mut crc: u16 = 0xFFFF;
    for &byte in data {
        crc ^= u16::from(byte).rotate_left(8);
        for _ in 0..8 {
            let carry = crc & 0x8000 != 0;
            crc = crc.wrapping_shl(1);
            if carry {
                crc ^= POLY;
            }
        }
    }
    crc
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn standard_check_value() {
        assert_eq!(crc16_ccitt_false(b"123456789"), 0x29B1);
        assert_eq!(crc16_ccitt_false(b""), 0xFFFF);
    }
}
