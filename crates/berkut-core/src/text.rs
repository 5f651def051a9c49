//! A helper for string newtypes: serde goes through `TryFrom<String>` on the way in and
//! through the validated text on the way out, so a value of the type is always well formed.

/// Implements `Deserialize` (through `TryFrom<String>`), `Serialize`, `Display` and `as_str`
/// for a newtype around `String` whose `TryFrom<String>` validates.
macro_rules! string_newtype {
    ($name:ident) => {
        impl $name {
            /// The validated text.
            pub fn as_str(&self) -> &str {
                &self.0
            }
        }

        impl std::fmt::Display for $name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str(&self.0)
            }
        }

        impl serde::Serialize for $name {
            fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                serializer.serialize_str(&self.0)
            }
        }

        impl<'de> serde::Deserialize<'de> for $name {
            fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                let text = String::deserialize(deserializer)?;
                $name::try_from(text).map_err(serde::de::Error::custom)
            }
        }

        impl std::str::FromStr for $name {
            type Err = String;
            fn from_str(text: &str) -> Result<Self, Self::Err> {
                $name::try_from(text.to_owned())
            }
        }
    };
}

pub(crate) use string_newtype;

/// Checks that `text` is not blank and has at most `max` characters; names the field in the
/// message so that an error report is readable on its own.
pub(crate) fn bounded(text: &str, what: &str, max: usize) -> Result<(), String> {
    if text.trim().is_empty() {
        return Err(format!("{what} must not be empty"));
    }
    let length = text.chars().count();
    if length > max {
        return Err(format!(
            "{what} is {length} characters long, at most {max} allowed"
        ));
    }
    if text.chars().any(char::is_control) {
        return Err(format!("{what} must not contain control characters"));
    }
    Ok(())
}
