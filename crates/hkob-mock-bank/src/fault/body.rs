//! Rewrites of otherwise valid JSON bodies: unknown enum values and extra fields.

use serde_json::Value;

/// The value put into enum-typed fields by the `unknown-enum` fault.
pub const UNKNOWN_ENUM_VALUE: &str = "MOCK_UNKNOWN_VALUE";

/// Replaces the string values of the keys `is_enum_key` accepts, anywhere in
/// the document, with a value no spec lists.
pub fn replace_enum_values(value: &mut Value, is_enum_key: &dyn Fn(&str) -> bool) {
    match value {
        Value::Object(map) => {
            for (k, v) in map.iter_mut() {
                if is_enum_key(k) && v.is_string() {
                    *v = Value::String(UNKNOWN_ENUM_VALUE.to_owned());
                } else if is_enum_key(k)
                    && v.as_array().is_some_and(|a| a.iter().all(Value::is_string))
                {
                    if let Value::Array(items) = v {
                        items
                            .iter_mut()
                            .for_each(|i| *i = Value::String(UNKNOWN_ENUM_VALUE.to_owned()));
                    }
                } else {
                    replace_enum_values(v, is_enum_key);
                }
            }
        }
        Value::Array(items) => items
            .iter_mut()
            .for_each(|v| replace_enum_values(v, is_enum_key)),
        _ => {}
    }
}

/// Adds fields no spec defines to every object in the document.
pub fn add_extra_fields(value: &mut Value) {
    match value {
        Value::Object(map) => {
            map.values_mut().for_each(add_extra_fields);
            map.insert(
                "mockExtraField".to_owned(),
                Value::String("added by the mock bank".to_owned()),
            );
            map.insert(
                "mockExtraObject".to_owned(),
                serde_json::json!({"nested": [1, 2, 3], "flag": true}),
            );
        }
        Value::Array(items) => items.iter_mut().for_each(add_extra_fields),
        _ => {}
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rewrites() {
        let mut v = serde_json::json!({"a": [{"status": "Open", "n": 1}], "status": 3});
        replace_enum_values(&mut v, &|k| k == "status");
        assert_eq!(v["a"][0]["status"], UNKNOWN_ENUM_VALUE);
        assert_eq!(v["status"], 3);
        add_extra_fields(&mut v);
        assert!(v["a"][0].get("mockExtraField").is_some());
        assert!(v.get("mockExtraObject").is_some());
    }
}
