//! Writes sample charts to /tmp/charts-preview/*.svg and an index.html that shows each one
//! beside its table, for looking at (and screenshotting with headless Chromium).

use assure_charts::{Bar, BarChart, FunnelChart, Highlight, Line, Point, RunChart, Stage, Unit};

fn months(start_year: i32, values: &[(Option<f64>, Option<u64>)]) -> Vec<Point> {
    const NAMES: [&str; 12] = [
        "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec", "Jan", "Feb", "Mar",
    ];
    values
        .iter()
        .enumerate()
        .map(|(i, (v, n))| {
            let m = i % 12;
            let year = start_year + (i / 12) as i32 + if m >= 9 { 1 } else { 0 };
            Point::new(format!("{} {year}", NAMES[m]), *v, *n)
        })
        .collect()
}

fn main() -> std::io::Result<()> {
    let dir = std::path::Path::new("/tmp/charts-preview");
    std::fs::create_dir_all(dir)?;

    let rereferrals = [
        20.1, 22.4, 19.8, 21.0, 23.5, 20.6, 21.9, 19.5, 22.8, 21.2, 24.0, 25.1, 24.6, 25.8, 26.2,
        24.9, 25.5, 26.8, 23.7, 24.2, 22.0, 21.1, 20.4, 19.9,
    ];
    let mut values: Vec<(Option<f64>, Option<u64>)> = rereferrals
        .iter()
        .enumerate()
        .map(|(i, v)| (Some(*v), Some(80 + (i as u64 * 7) % 40)))
        .collect();
    values[5] = (None, None);
    values[16].1 = Some(24);
    let mut run = RunChart::new(
        "rereferrals",
        "Re-referrals within 12 months",
        Unit::Percent,
        months(2023, &values),
    );
    run.description = "Percentage of referrals in the month that were re-referrals within 12 months of a previous one".into();
    run.target = Some(21.0);
    run.comparators = vec![
        Line::new("England", 22.4),
        Line::new("Statistical neighbours", 23.1),
    ];
    run.value_header = "Re-referral rate".into();

    let mut timely = RunChart::new(
        "assessments",
        "Assessments completed within 45 working days",
        Unit::Percent,
        months(
            2024,
            &[
                (Some(81.0), Some(120)),
                (Some(79.5), Some(131)),
                (Some(83.2), Some(118)),
                (Some(80.1), Some(125)),
                (Some(84.0), Some(140)),
                (Some(85.5), Some(122)),
                (Some(86.1), Some(129)),
                (Some(88.0), Some(133)),
                (Some(89.4), Some(27)),
                (Some(90.2), Some(126)),
                (None, None),
                (Some(91.5), Some(137)),
            ],
        ),
    );
    timely.target = Some(85.0);
    timely.comparators = vec![Line::new("England", 82.9)];
    timely.value_header = "Within 45 working days".into();

    let mut counts = RunChart::new(
        "cla",
        "Children looked after at month end",
        Unit::Count,
        months(
            2024,
            &[
                312.0, 318.0, 321.0, 319.0, 325.0, 331.0, 329.0, 327.0, 322.0, 320.0, 318.0, 315.0,
            ]
            .map(|v| (Some(v), None)),
        ),
    );
    counts.value_header = "Children looked after".into();

    let mut funnel = FunnelChart::new(
        "s47",
        "Child protection: from S47 enquiry to plan, 2024 to 2025",
        vec![
            Stage::new("S47 enquiries", 711),
            Stage::new("ICPCs", 406),
            Stage::new("CP plans", 352),
        ],
    );
    funnel.description =
        "Children at each stage of the child protection process in the year".into();

    let mut bars = BarChart::new(
        "neighbours",
        "Re-referrals within 12 months: statistical neighbours, 2023 to 2024",
        Unit::Percent,
        vec![
            Bar::new("Eastshire", Some(18.2)),
            Bar::new("Northshire", Some(24.9)),
            Bar::new("Southborough", Some(21.7)),
            Bar::new("Westford & Lowmoor <Joint>", Some(27.3)),
            Bar::new("Upper Midvale Metropolitan Borough Council", Some(22.6)),
            Bar::new("Riverside", None),
            Bar::new("Hillcrest", Some(16.4)),
        ],
    );
    bars.highlight = Some(Highlight {
        index: 1,
        note: "our council".into(),
    });
    bars.reference = Some(Line::new("England", 22.4));
    bars.category_header = "Local authority".into();
    bars.value_header = "Re-referral rate".into();

    let empty = RunChart::new(
        "empty",
        "Care leavers in education, employment or training",
        Unit::Percent,
        months(2024, &[(None, None); 6]),
    );

    // Harder cases: three years, close reference lines, a thin funnel stage, team counts.
    let long: Vec<(Option<f64>, Option<u64>)> = (0..36)
        .map(|i| {
            let v = 14.0 + ((i * 37) % 11) as f64 * 0.6 + if i > 24 { 3.0 } else { 0.0 };
            (
                if i == 30 { None } else { Some(v) },
                Some(if i % 9 == 4 { 18 } else { 60 }),
            )
        })
        .collect();
    let mut crowded = RunChart::new(
        "crowded",
        "Repeat child protection plans (three years)",
        Unit::Percent,
        months(2022, &long),
    );
    crowded.target = Some(17.0);
    crowded.comparators = vec![
        Line::new("England", 17.4),
        Line::new("Statistical neighbours", 16.8),
        Line::new("Region", 17.9),
    ];
    crowded.value_header = "Repeat plans".into();
    let thin = FunnelChart::new(
        "thin",
        "Contacts to strategy discussions",
        vec![
            Stage::new("Contacts", 14_250),
            Stage::new("Referrals", 3_120),
            Stage::new("Strategy discussions", 41),
        ],
    );
    let mut teams = BarChart::new(
        "teams",
        "Open cases by team",
        Unit::Count,
        vec![
            Bar::new("Assessment North", Some(212.0)),
            Bar::new("Assessment South", Some(187.0)),
            Bar::new("Children in Need 1", Some(143.0)),
            Bar::new("Children in Need 2", Some(12.0)),
            Bar::new("Disabled Children", Some(0.0)),
        ],
    );
    teams.reference = Some(Line::new("Team average", 110.8));
    teams.category_header = "Team".into();
    teams.value_header = "Open cases".into();

    let charts: Vec<(&str, String, assure_charts::Table)> = vec![
        ("crowded", crowded.render(), crowded.table()),
        ("thin", thin.render(), thin.table()),
        ("teams", teams.render(), teams.table()),
        ("rereferrals", run.render(), run.table()),
        ("assessments", timely.render(), timely.table()),
        ("cla", counts.render(), counts.table()),
        ("funnel", funnel.render(), funnel.table()),
        ("neighbours", bars.render(), bars.table()),
        ("empty", empty.render(), empty.table()),
    ];
    let mut html = String::from(
        "<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>Charts preview</title>\
         <style>body{font-family:Arial,sans-serif;margin:20px;color:#0b0c0c}\
         figure{margin:0 0 40px;display:flex;gap:24px;align-items:flex-start}\
         .chart{width:640px;flex:none}table{border-collapse:collapse;font-size:14px}\
         caption{text-align:left;font-weight:bold;margin-bottom:6px}\
         th,td{border-bottom:1px solid #b1b4b6;padding:4px 8px;text-align:left}\
         .govuk-table__cell--numeric,.govuk-table__header--numeric{text-align:right}</style></head><body>\n",
    );
    for (name, svg, table) in &charts {
        std::fs::write(dir.join(format!("{name}.svg")), svg)?;
        html.push_str(&format!(
            "<figure><div class=\"chart\">{svg}</div><div>{}</div></figure>\n",
            table.to_html()
        ));
    }
    html.push_str("</body></html>\n");
    std::fs::write(dir.join("index.html"), html)?;
    // One page per chart, for close-up screenshots.
    for (name, svg, _) in &charts {
        std::fs::write(
            dir.join(format!("{name}.html")),
            format!("<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>{name}</title></head><body style=\"margin:0\"><div style=\"width:720px\">{svg}</div></body></html>"),
        )?;
    }
    println!("wrote {}", dir.display());
    Ok(())
}
