//! Just enough CBOR (RFC 8949) for Smithy's RPC v2 CBOR protocol, which the Rust SDK's CloudWatch
//! client speaks: requests decode into `serde_json::Value` (so one set of request types serves
//! both this and awsJson1.0), answers encode from one, with the members named as timestamps
//! written as tag 1 (epoch seconds). Byte strings are refused: no CloudWatch alarm member is a blob.

use serde_json::{Map, Number, Value};

/// How deep arrays and maps may nest (a hostile body cannot exhaust the stack).
const MAX_DEPTH: usize = 64;

struct Reader<'a> {
    bytes: &'a [u8],
    at: usize,
}

/// An item's head: major type and argument (`None` for indefinite length).
struct Head {
    major: u8,
    info: u8,
    arg: Option<u64>,
}

impl<'a> Reader<'a> {
    fn byte(&mut self) -> Result<u8, String> {
        let b = *self
            .bytes
            .get(self.at)
            .ok_or_else(|| "the CBOR body ends early".to_owned())?;
        self.at += 1;
        Ok(b)
    }

    fn take(&mut self, n: usize) -> Result<&'a [u8], String> {
        let end = self
            .at
            .checked_add(n)
            .filter(|end| *end <= self.bytes.len())
            .ok_or_else(|| "the CBOR body ends early".to_owned())?;
        let out = &self.bytes[self.at..end];
        self.at = end;
        Ok(out)
    }

    fn uint(&mut self, n: usize) -> Result<u64, String> {
        Ok(self
            .take(n)?
            .iter()
            .fold(0u64, |acc, b| (acc << 8) | u64::from(*b)))
    }

    fn head(&mut self) -> Result<Head, String> {
        let b = self.byte()?;
        let (major, info) = (b >> 5, b & 0x1f);
        let arg = match info {
            0..=23 => Some(u64::from(info)),
            24 => Some(self.uint(1)?),
            25 => Some(self.uint(2)?),
            26 => Some(self.uint(4)?),
            27 => Some(self.uint(8)?),
            31 if matches!(major, 2..=5 | 7) => None,
            _ => return Err(format!("CBOR additional information {info} is not valid")),
        };
        Ok(Head { major, info, arg })
    }

    fn is_break(&self) -> bool {
        self.bytes.get(self.at) == Some(&0xff)
    }

    fn len(&self, arg: u64) -> Result<usize, String> {
        // Every item takes at least one byte: a longer count than bytes left is a lie.
        usize::try_from(arg)
            .ok()
            .filter(|n| *n <= self.bytes.len() - self.at)
            .ok_or_else(|| "a CBOR length runs past the body".to_owned())
    }

    fn text(&mut self, arg: Option<u64>) -> Result<String, String> {
        match arg {
            Some(n) => {
                let n = self.len(n)?;
                String::from_utf8(self.take(n)?.to_vec())
                    .map_err(|_| "a CBOR text string is not UTF-8".to_owned())
            }
            None => {
                let mut out = String::new();
                while !self.is_break() {
                    let chunk = self.head()?;
                    if chunk.major != 3 || chunk.arg.is_none() {
                        return Err("an indefinite CBOR text string holds a non-text chunk".into());
                    }
                    out.push_str(&self.text(chunk.arg)?);
                }
                self.at += 1;
                Ok(out)
            }
        }
    }

    fn value(&mut self, depth: usize) -> Result<Value, String> {
        if depth > MAX_DEPTH {
            return Err("the CBOR body nests too deeply".into());
        }
        let head = self.head()?;
        match (head.major, head.arg) {
            (0, Some(n)) => Ok(Value::from(n)),
            (1, Some(n)) => i64::try_from(n)
                .map(|n| Value::from(-1 - n))
                .map_err(|_| "a CBOR negative integer is out of range".to_owned()),
            (2, _) => Err("CBOR byte strings are not expected here".into()),
            (3, arg) => self.text(arg).map(Value::String),
            (4, arg) => {
                let mut items = Vec::new();
                match arg {
                    Some(n) => {
                        for _ in 0..self.len(n)? {
                            items.push(self.value(depth + 1)?);
                        }
                    }
                    None => {
                        while !self.is_break() {
                            items.push(self.value(depth + 1)?);
                        }
                        self.at += 1;
                    }
                }
                Ok(Value::Array(items))
            }
            (5, arg) => {
                let mut map = Map::new();
                let mut entry = |reader: &mut Self| -> Result<(), String> {
                    let key = reader.head()?;
                    if key.major != 3 {
                        return Err("a CBOR map key is not a text string".into());
                    }
                    let key = reader.text(key.arg)?;
                    let value = reader.value(depth + 1)?;
                    map.insert(key, value);
                    Ok(())
                };
                match arg {
                    Some(n) => {
                        for _ in 0..self.len(n)? {
                            entry(self)?;
                        }
                    }
                    None => {
                        while !self.is_break() {
                            entry(self)?;
                        }
                        self.at += 1;
                    }
                }
                Ok(Value::Object(map))
            }
            // Tags (tag 1 is a timestamp): the content stands for itself.
            (6, Some(_)) => self.value(depth + 1),
            (7, _) => match head.info {
                20 => Ok(Value::Bool(false)),
                21 => Ok(Value::Bool(true)),
                22 | 23 => Ok(Value::Null),
                25 => Ok(float(half_to_f64(head.arg.unwrap_or(0)))),
                26 => Ok(float(f64::from(f32::from_bits(
                    u32::try_from(head.arg.unwrap_or(0)).unwrap_or(0),
                )))),
                27 => Ok(float(f64::from_bits(head.arg.unwrap_or(0)))),
                other => Err(format!("the CBOR simple value {other} is not expected")),
            },
            _ => Err("a CBOR item is malformed".into()),
        }
    }
}

fn float(f: f64) -> Value {
    Number::from_f64(f).map_or(Value::Null, Value::Number)
}

/// IEEE 754 half precision to f64.
fn half_to_f64(bits: u64) -> f64 {
    let sign = if bits & 0x8000 != 0 { -1.0 } else { 1.0 };
    let exponent = i32::try_from((bits >> 10) & 0x1f).unwrap_or(0);
    let mantissa = (bits & 0x3ff) as f64;
    match exponent {
        0 => sign * mantissa * 2f64.powi(-24),
        31 if mantissa == 0.0 => sign * f64::INFINITY,
        31 => f64::NAN,
        e => sign * (1.0 + mantissa / 1024.0) * 2f64.powi(e - 15),
    }
}

/// Decodes one CBOR item (the whole body) into JSON's data model.
pub(crate) fn decode(bytes: &[u8]) -> Result<Value, String> {
    if bytes.is_empty() {
        return Ok(Value::Object(Map::new()));
    }
    let mut reader = Reader { bytes, at: 0 };
    let value = reader.value(0)?;
    if reader.at != bytes.len() {
        return Err("the CBOR body has bytes after its item".into());
    }
    Ok(value)
}

fn head(out: &mut Vec<u8>, major: u8, n: u64) {
    let major = major << 5;
    match n {
        0..=23 => out.push(major | n as u8),
        24..=0xff => out.extend([major | 24, n as u8]),
        0x100..=0xffff => {
            out.push(major | 25);
            out.extend((n as u16).to_be_bytes());
        }
        0x1_0000..=0xffff_ffff => {
            out.push(major | 26);
            out.extend((n as u32).to_be_bytes());
        }
        _ => {
            out.push(major | 27);
            out.extend(n.to_be_bytes());
        }
    }
}

fn encode_into(out: &mut Vec<u8>, value: &Value, timestamps: &[&str], is_timestamp: bool) {
    match value {
        Value::Null => out.push(0xf6),
        Value::Bool(b) => out.push(if *b { 0xf5 } else { 0xf4 }),
        Value::Number(n) => {
            if is_timestamp {
                out.push(0xc1);
            }
            match (n.as_u64(), n.as_i64()) {
                (Some(u), _) if !is_timestamp => head(out, 0, u),
                (None, Some(i)) if !is_timestamp => head(out, 1, (-1 - i) as u64),
                _ => {
                    out.push(0xfb);
                    out.extend(n.as_f64().unwrap_or(0.0).to_bits().to_be_bytes());
                }
            }
        }
        Value::String(s) => {
            head(out, 3, s.len() as u64);
            out.extend(s.as_bytes());
        }
        Value::Array(items) => {
            head(out, 4, items.len() as u64);
            for item in items {
                encode_into(out, item, timestamps, false);
            }
        }
        Value::Object(map) => {
            head(out, 5, map.len() as u64);
            for (key, item) in map {
                head(out, 3, key.len() as u64);
                out.extend(key.as_bytes());
                encode_into(out, item, timestamps, timestamps.contains(&key.as_str()));
            }
        }
    }
}

/// Encodes `value`; numbers under a key in `timestamps` become tag-1 epoch seconds. A JSON
/// number written with a fraction (`100.0`) stays a float, as Smithy's doubles must.
pub(crate) fn encode(value: &Value, timestamps: &[&str]) -> Vec<u8> {
    let mut out = Vec::new();
    encode_into(&mut out, value, timestamps, false);
    out
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;
    use serde_json::json;

    #[test]
    fn round_trips_the_alarm_shapes() {
        let value = json!({"AlarmName": "a", "Period": 86400, "Threshold": 100.0, "Neg": -3,
            "Dimensions": [{"Name": "Currency", "Value": "USD"}], "On": true, "None": null});
        assert_eq!(decode(&encode(&value, &[])).unwrap(), value);
    }

    #[test]
    fn timestamps_are_tag_one_and_floats_stay_floats() {
        let bytes = encode(&json!({"T": 1.5}), &["T"]);
        assert_eq!(
            bytes,
            [0xa1, 0x61, b'T', 0xc1, 0xfb, 0x3f, 0xf8, 0, 0, 0, 0, 0, 0]
        );
        let bytes = encode(&json!({"X": 100.0}), &[]);
        assert_eq!(bytes[3], 0xfb);
    }

    #[test]
    fn reads_indefinite_lengths_and_half_floats() {
        // {_ "A": [_ 1, 2], "B": (_ "x", "y"), "C": 1.5 as f16}
        let bytes = [
            0xbf, 0x61, b'A', 0x9f, 0x01, 0x02, 0xff, 0x61, b'B', 0x7f, 0x61, b'x', 0x61, b'y',
            0xff, 0x61, b'C', 0xf9, 0x3e, 0x00, 0xff,
        ];
        assert_eq!(
            decode(&bytes).unwrap(),
            json!({"A": [1, 2], "B": "xy", "C": 1.5})
        );
    }

    #[test]
    fn refuses_truncated_and_lying_bodies() {
        assert!(decode(&[0xa1, 0x61]).is_err());
        assert!(decode(&[0x9b, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff]).is_err());
        assert!(decode(&[0x41, 0x00]).is_err());
        assert!(decode(&[0x01, 0x02]).is_err());
    }
}
