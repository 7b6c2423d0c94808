//! "Starts while another is still running": the one overlap test behind the CIN plan, child
//! protection plan, assessment and Section 47 rules, so they cannot drift apart.

use assure_casedata::NaiveDate;

/// A dated piece of work. With no `end`, it runs to the census reference date when `open`,
/// and is not counted at all when it is not (e.g. an enquiry whose conference was not needed).
pub(crate) struct Span {
    pub start: Option<NaiveDate>,
    pub end: Option<NaiveDate>,
    pub open: bool,
}

impl Span {
    pub(crate) fn new(start: Option<NaiveDate>, end: Option<NaiveDate>) -> Self {
        Span {
            start,
            end,
            open: true,
        }
    }
}

/// A span's start that falls inside another span: (its start, the other's start, the other's end).
pub(crate) type Clash = (NaiveDate, NaiveDate, Option<NaiveDate>);

/// Every span starting on or after another's start and on or before its end (or the reference
/// date while it is open), paired with the first such other span. With `skip_exact_copies`, a
/// span with the same start and end is the same record entered twice, not a clash.
pub(crate) fn starts_inside_another(
    spans: &[Span],
    reference: NaiveDate,
    skip_exact_copies: bool,
) -> Vec<Clash> {
    let mut clashes = Vec::new();
    for (i, a) in spans.iter().enumerate() {
        let Some(sa) = a.start else { continue };
        let clash = spans.iter().enumerate().find_map(|(j, b)| {
            let sb = b.start?;
            let copy = skip_exact_copies && sa == sb && a.end == b.end;
            let inside = match b.end {
                Some(eb) => sa <= eb,
                None => b.open && sa <= reference,
            };
            (j != i && !copy && sa >= sb && inside).then_some((sa, sb, b.end))
        });
        clashes.extend(clash);
    }
    clashes
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> NaiveDate {
        s.parse().unwrap()
    }
    fn span(start: &str, end: Option<&str>) -> Span {
        Span::new(Some(d(start)), end.map(d))
    }

    #[test]
    fn a_start_inside_an_ended_or_still_open_span_clashes() {
        let reference = d("2022-03-31");
        let spans = [
            span("2021-05-01", Some("2021-06-30")),
            span("2021-06-30", None),
            span("2021-09-01", Some("2021-10-01")),
        ];
        assert_eq!(
            starts_inside_another(&spans, reference, false),
            [
                (d("2021-06-30"), d("2021-05-01"), Some(d("2021-06-30"))),
                (d("2021-09-01"), d("2021-06-30"), None),
            ]
        );
    }

    #[test]
    fn separate_spans_copies_and_spans_that_never_opened_do_not_clash() {
        let reference = d("2022-03-31");
        let apart = [
            span("2021-05-01", Some("2021-05-31")),
            span("2021-06-01", None),
        ];
        assert!(starts_inside_another(&apart, reference, false).is_empty());

        let copies = [
            span("2021-05-01", Some("2021-05-31")),
            span("2021-05-01", Some("2021-05-31")),
        ];
        assert!(starts_inside_another(&copies, reference, true).is_empty());
        assert_eq!(starts_inside_another(&copies, reference, false).len(), 2);

        let not_needed = Span {
            start: Some(d("2021-05-01")),
            end: None,
            open: false,
        };
        let later = span("2021-06-01", Some("2021-06-02"));
        assert!(starts_inside_another(&[not_needed, later], reference, false).is_empty());

        let after_reference = [span("2021-05-01", None), span("2022-04-01", None)];
        assert_eq!(
            starts_inside_another(&after_reference, reference, false).len(),
            0
        );
    }
}
