use chrono::{Datelike, NaiveDate};

const MONTHS: [&str; 12] = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
];

/// GOV.UK style: "1 November 2010".
pub fn long_date(d: NaiveDate) -> String {
    format!("{} {} {}", d.day(), MONTHS[d.month0() as usize], d.year())
}

#[cfg(test)]
mod tests {
    #[test]
    fn dates_are_written_in_words() {
        assert_eq!(
            super::long_date("2010-11-01".parse().unwrap()),
            "1 November 2010"
        );
    }
}
