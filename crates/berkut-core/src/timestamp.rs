//! Moments as Berkut records them: RFC 3339 in UTC with milliseconds and `Z`
//! (`2026-11-21T08:15:00.123Z`). One shape for every moment the system stamps itself (audit
//! entries, imports, reviews, cases opened and closed, notifications), so that stored moments
//! sort as text in time order and a client parses one format. Instants a caller gives (a
//! check's time of crossing) are kept to the second as given, and so are deadlines counted
//! from them. On PostgreSQL, the times of imports and partner settings are the database's own
//! (`TIMESTAMPTZ` set by `now()`).

use chrono::{DateTime, SecondsFormat, Utc};

/// `at` in the recorded shape.
pub fn timestamp(at: DateTime<Utc>) -> String {
    at.to_rfc3339_opts(SecondsFormat::Millis, true)
}

/// The present moment in the recorded shape.
pub fn now() -> String {
    timestamp(Utc::now())
}

#[cfg(test)]
mod tests {
    use chrono::TimeZone;

    use super::timestamp;

    #[test]
    fn moments_are_utc_with_milliseconds_and_sort_as_text() {
        let at = chrono::Utc
            .with_ymd_and_hms(2026, 11, 21, 8, 15, 0)
            .single()
            .unwrap();
        assert_eq!(timestamp(at), "2026-11-21T08:15:00.000Z");
        let later = at + chrono::Duration::milliseconds(5);
        assert!(timestamp(at) < timestamp(later));
        assert!(timestamp(later) < timestamp(at + chrono::Duration::seconds(1)));
    }
}
