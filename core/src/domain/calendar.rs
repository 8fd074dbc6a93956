//! Calendar dates without time zones: sprint days, holidays and days off.
//!
//! A date is a day number counted from 1970-01-01 in the proleptic Gregorian calendar, which makes
//! "the next working day" and "days between" plain integer arithmetic. The conversion uses Howard
//! Hinnant's `days_from_civil` algorithm, exact for every date in range.

use std::fmt;
use std::str::FromStr;

/// A calendar day. Text form is ISO 8601 (`2026-11-22`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
#[cfg_attr(feature = "arbitrary", derive(arbitrary::Arbitrary))]
pub struct Date(pub i32);

serde_as_text!(Date);

/// Monday to Friday, as a bit set over [`Weekday`] (bit 0 = Monday).
pub const MON_TO_FRI: u8 = 0b001_1111;

/// Days of the week, Monday first as in ISO 8601.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Weekday {
    Mon,
    Tue,
    Wed,
    Thu,
    Fri,
    Sat,
    Sun,
}

impl Weekday {
    pub const ALL: [Weekday; 7] =
        [Weekday::Mon, Weekday::Tue, Weekday::Wed, Weekday::Thu, Weekday::Fri, Weekday::Sat, Weekday::Sun];

    /// Short English name, e.g. "Mon".
    pub fn short(self) -> &'static str {
        ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"][self as usize]
    }
}

impl Date {
    /// The date for a year, month (1–12) and day (1–31); `None` if it does not exist.
    pub fn from_ymd(y: i32, m: u32, d: u32) -> Option<Date> {
        if !(1..=12).contains(&m) || d == 0 || d > days_in_month(y, m) || !(1..=9999).contains(&y) {
            return None;
        }
        let y = if m <= 2 { y - 1 } else { y };
        let era = y.div_euclid(400);
        let yoe = y - era * 400;
        let mp = (m as i32 + 9) % 12;
        let doy = (153 * mp + 2) / 5 + d as i32 - 1;
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
        Some(Date(era * 146_097 + doe - 719_468))
    }

    /// The year, month and day of this date. Computed in 64 bits, so every `Date` (even one far
    /// outside what the app accepts) has one.
    pub fn ymd(self) -> (i64, u32, u32) {
        let z = i64::from(self.0) + 719_468;
        let era = z.div_euclid(146_097);
        let doe = z - era * 146_097;
        let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
        let mp = (5 * doy + 2) / 153;
        let d = (doy - (153 * mp + 2) / 5 + 1) as u32;
        let m = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
        let y = yoe + era * 400 + i64::from(m <= 2);
        (y, m, d)
    }

    pub fn weekday(self) -> Weekday {
        // 1970-01-01 was a Thursday.
        Weekday::ALL[(i64::from(self.0) + 3).rem_euclid(7) as usize]
    }

    pub fn add_days(self, n: i32) -> Date {
        Date(self.0.saturating_add(n))
    }

    /// The date of a `Date.now()`-style millisecond timestamp, in UTC.
    pub fn from_millis(ms: i64) -> Date {
        let days = ms.div_euclid(86_400_000);
        Date(i32::try_from(days).unwrap_or(if days < 0 { i32::MIN } else { i32::MAX }))
    }
}

fn days_in_month(y: i32, m: u32) -> u32 {
    match m {
        4 | 6 | 9 | 11 => 30,
        2 if (y % 4 == 0 && y % 100 != 0) || y % 400 == 0 => 29,
        2 => 28,
        _ => 31,
    }
}

impl fmt::Display for Date {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let (y, m, d) = self.ymd();
        write!(f, "{y:04}-{m:02}-{d:02}")
    }
}

/// A text that is not an ISO date (`YYYY-MM-DD`) of a real day.
#[derive(Clone, Copy, Debug, PartialEq, Eq, thiserror::Error)]
#[error("not a date (expected YYYY-MM-DD)")]
pub struct DateParseError;

impl FromStr for Date {
    type Err = DateParseError;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let mut parts = s.trim().splitn(3, '-');
        let mut next = || parts.next().and_then(|p| p.parse::<u32>().ok()).ok_or(DateParseError);
        let (y, m, d) = (next()?, next()?, next()?);
        let y = i32::try_from(y).map_err(|_| DateParseError)?;
        Date::from_ymd(y, m, d).ok_or(DateParseError)
    }
}

/// Reads dates typed as a list ("2026-12-24, 2026-12-25"; commas, spaces, semicolons or line
/// breaks between them); the error names the first text that is not a date.
pub fn parse_list(text: &str) -> Result<Vec<Date>, String> {
    text.split([',', ' ', '\n', ';'])
        .map(str::trim)
        .filter(|t| !t.is_empty())
        .map(|t| t.parse::<Date>().map_err(|_| format!("“{t}” is not a date (YYYY-MM-DD)")))
        .collect()
}

/// Dates as the list [`parse_list`] reads.
pub fn list_text(dates: &[Date]) -> String {
    dates.iter().map(Date::to_string).collect::<Vec<_>>().join(", ")
}

/// The first day a board may mention, as a date box's `min` says it.
pub const DATE_MIN: &str = "1900-01-01";
/// The last day a board may mention, as a date box's `max` says it.
pub const DATE_MAX: &str = "2200-12-31";

/// The first and last day a board may mention.
pub fn date_range() -> (Date, Date) {
    // Both dates are real days, so the conversions cannot fail.
    (Date::from_ymd(1900, 1, 1).unwrap_or(Date(-25567)), Date::from_ymd(2200, 12, 31).unwrap_or(Date(84005)))
}

/// The earliest and latest time stamp (milliseconds since 1970) a board may hold.
pub fn time_range() -> (i64, i64) {
    let (first, last) = date_range();
    (i64::from(first.0) * 86_400_000, (i64::from(last.0) + 1) * 86_400_000)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn date_boxes_say_the_gates_range() {
        let (first, last) = date_range();
        assert_eq!((first.to_string().as_str(), last.to_string().as_str()), (DATE_MIN, DATE_MAX));
    }

    #[test]
    fn date_lists_round_trip_and_name_what_is_wrong() {
        let dates = parse_list("2026-12-24, 2026-12-25;\n2027-01-01").unwrap();
        assert_eq!(list_text(&dates), "2026-12-24, 2026-12-25, 2027-01-01");
        assert_eq!(parse_list(" "), Ok(Vec::new()));
        assert_eq!(parse_list("2026-12-24, 24.12."), Err("“24.12.” is not a date (YYYY-MM-DD)".into()));
    }

    #[test]
    fn known_dates() {
        assert_eq!(Date::from_ymd(1970, 1, 1), Some(Date(0)));
        assert_eq!(Date::from_ymd(2026, 11, 22).unwrap().to_string(), "2026-11-22");
        assert_eq!(Date::from_ymd(2026, 11, 22).unwrap().weekday(), Weekday::Sun);
        assert_eq!(Date::from_ymd(2024, 2, 29).unwrap().add_days(1).to_string(), "2024-03-01");
        assert_eq!(Date::from_ymd(2023, 2, 29), None);
        assert_eq!("2026-13-01".parse::<Date>(), Err(DateParseError));
        assert_eq!("2026-01-31".parse::<Date>().unwrap().add_days(1).to_string(), "2026-02-01");
    }

    #[test]
    fn every_day_of_four_centuries_round_trips() {
        let start = Date::from_ymd(1900, 1, 1).unwrap();
        for n in 0..146_097 {
            let d = start.add_days(n);
            let (y, m, dd) = d.ymd();
            assert_eq!(Date::from_ymd(y as i32, m, dd), Some(d));
            assert_eq!(d.to_string().parse::<Date>(), Ok(d));
        }
    }
}
