//! Story points, kept in hundredths so ½ and 0.25 are exact and sums never drift, and the
//! few ways figures are written for people.

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Serialize};

/// Story points in hundredths, so ½ and 0.25 are exact and sums never drift.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "arbitrary", derive(arbitrary::Arbitrary))]
#[serde(try_from = "u32", into = "u32")]
pub struct Points(pub u32);

/// Stored as the number of hundredths; more than [`Points::MAX_WHOLE`] points is refused.
impl TryFrom<u32> for Points {
    type Error = PointsParseError;
    fn try_from(hundredths: u32) -> Result<Self, Self::Error> {
        if hundredths > Points::MAX_WHOLE * 100 { Err(PointsParseError) } else { Ok(Points(hundredths)) }
    }
}

impl From<Points> for u32 {
    fn from(p: Points) -> u32 {
        p.0
    }
}

impl Points {
    /// The largest estimate accepted, in points.
    pub const MAX_WHOLE: u32 = 10_000;

    /// Reads a sum of points (what a sprint committed and completed): any number of hundredths,
    /// since a sprint of many stories passes [`Points::MAX_WHOLE`]; the validation gate bounds
    /// it. (Found by fuzzing: such a sprint was stored but could not be read back.)
    pub fn read_sum<'de, D: serde::Deserializer<'de>>(d: D) -> Result<Points, D::Error> {
        u32::deserialize(d).map(Points)
    }

    /// [`Points::read_sum`] of a value that may be missing.
    pub fn read_sum_opt<'de, D: serde::Deserializer<'de>>(d: D) -> Result<Option<Points>, D::Error> {
        Option::<u32>::deserialize(d).map(|o| o.map(Points))
    }

    pub fn from_whole(n: u32) -> Points {
        Points(n.saturating_mul(100))
    }

    /// The sum of `points`, added in 64 bits (5,000 stories of 10,000 points each pass 32).
    pub fn sum(points: impl IntoIterator<Item = Points>) -> Total {
        Total(points.into_iter().map(|p| u64::from(p.0)).sum())
    }

    /// The value in points, for charts and statistics.
    pub fn as_f64(self) -> f64 {
        f64::from(self.0) / 100.0
    }
}

impl fmt::Display for Points {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write_hundredths(f, u64::from(self.0))
    }
}

/// A sum of points in hundredths, in 64 bits: a board's total, a team's or a program's
/// progress. (In 32 bits a board's total stopped at 42,949,672.95.)
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Default, Serialize, Deserialize)]
#[serde(transparent)]
pub struct Total(pub u64);

impl Total {
    /// The value in points, for charts and ratios.
    pub fn as_f64(self) -> f64 {
        self.0 as f64 / 100.0
    }

    /// The sum as the 32-bit sum a sprint's result keeps, capped at its largest value.
    pub fn capped(self) -> Points {
        Points(u32::try_from(self.0).unwrap_or(u32::MAX))
    }
}

impl From<Points> for Total {
    fn from(p: Points) -> Total {
        Total(u64::from(p.0))
    }
}

impl std::ops::Add for Total {
    type Output = Total;
    fn add(self, other: Total) -> Total {
        Total(self.0.saturating_add(other.0))
    }
}

impl std::ops::AddAssign for Total {
    fn add_assign(&mut self, other: Total) {
        *self = *self + other;
    }
}

impl std::iter::Sum for Total {
    fn sum<I: Iterator<Item = Total>>(iter: I) -> Total {
        iter.fold(Total(0), |a, b| a + b)
    }
}

impl fmt::Display for Total {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write_hundredths(f, self.0)
    }
}

/// Writes a value kept in hundredths with at most two decimals and no trailing zeros
/// ("5", "0.5", "1.25").
pub(crate) fn write_hundredths(f: &mut fmt::Formatter<'_>, n: u64) -> fmt::Result {
    let (whole, frac) = (n / 100, n % 100);
    match frac {
        0 => write!(f, "{whole}"),
        x if x % 10 == 0 => write!(f, "{whole}.{}", x / 10),
        x => write!(f, "{whole}.{x:02}"),
    }
}

/// A figure rounded to at most `places` decimals, without trailing zeros ("5", "5.3", "5.33"),
/// for statistics and charts.
pub fn decimal(x: f64, places: i32) -> String {
    // Integer arithmetic only: formatting a float would add kilobytes of WebAssembly.
    let places = places.clamp(0, 6) as u32;
    let m = 10u64.pow(places);
    let scaled = (x.abs() * m as f64).round();
    if !scaled.is_finite() || scaled >= 1e18 {
        return "–".to_owned();
    }
    let n = scaled as u64;
    let sign = if x < 0.0 && n > 0 { "-" } else { "" };
    let (whole, mut frac, mut width) = (n / m, n % m, places as usize);
    while width > 0 && frac % 10 == 0 {
        frac /= 10;
        width -= 1;
    }
    if width == 0 { format!("{sign}{whole}") } else { format!("{sign}{whole}.{frac:0width$}") }
}

/// Text that is not a number of points between 0 and 10,000.
#[derive(Clone, Copy, Debug, PartialEq, Eq, thiserror::Error)]
#[error("not a number of points between 0 and 10,000")]
pub struct PointsParseError;

impl FromStr for Points {
    type Err = PointsParseError;
    /// Reads "5", "0.5", "1,25", "½"; more than two decimals are rounded. Parsed with integer
    /// arithmetic only: float parsing would add kilobytes of WebAssembly for nothing.
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let s = s.trim();
        match s {
            "½" => return Ok(Points(50)),
            "¼" => return Ok(Points(25)),
            "¾" => return Ok(Points(75)),
            _ => {}
        }
        let (whole, frac) = s.split_once(['.', ',']).unwrap_or((s, ""));
        let digits = |t: &str| !t.is_empty() && t.bytes().all(|b| b.is_ascii_digit());
        let whole_ok = digits(whole) || (whole.is_empty() && digits(frac));
        let frac_ok = frac.is_empty() || digits(frac);
        if !whole_ok || !frac_ok {
            return Err(PointsParseError);
        }
        if whole.len() > 6 {
            return Err(PointsParseError);
        }
        let whole: u32 = if whole.is_empty() { 0 } else { whole.parse().map_err(|_| PointsParseError)? };
        let f = frac.as_bytes();
        let digit = |i: usize| f.get(i).map_or(0, |b| u32::from(b - b'0'));
        let round_up = u32::from(digit(2) >= 5);
        let hundredths = whole * 100 + digit(0) * 10 + digit(1) + round_up;
        if hundredths > Self::MAX_WHOLE * 100 {
            return Err(PointsParseError);
        }
        Ok(Points(hundredths))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn decimals_are_rounded_without_trailing_zeros() {
        for (x, places, shown) in [
            (5.0, 1, "5"),
            (5.25, 1, "5.3"),
            (5.333, 2, "5.33"),
            (0.049, 1, "0"),
            (-0.04, 1, "0"),
            (-2.5, 1, "-2.5"),
            (19.96, 1, "20"),
            (1.05, 2, "1.05"),
            (1234.5, 0, "1235"),
            (f64::NAN, 1, "–"),
        ] {
            assert_eq!(decimal(x, places), shown, "{x} to {places} places");
        }
    }

    #[test]
    fn points_parse_and_print() {
        for (text, hundredths, shown) in [
            ("5", 500, "5"),
            ("0.5", 50, "0.5"),
            ("½", 50, "0.5"),
            ("1,25", 125, "1.25"),
            (" 13 ", 1300, "13"),
            (".5", 50, "0.5"),
            ("2.0", 200, "2"),
            ("0.333", 33, "0.33"),
            ("0.335", 34, "0.34"),
            ("10000", 1_000_000, "10000"),
        ] {
            let p: Points = text.parse().unwrap();
            assert_eq!(p, Points(hundredths));
            assert_eq!(p.to_string(), shown);
        }
        for bad in ["", "-1", "abc", "1e3", "10001", "NaN", "1.2.3", ".", "1 000", "99999999999", "1.x"] {
            assert_eq!(bad.parse::<Points>(), Err(PointsParseError), "{bad}");
        }
    }
}
