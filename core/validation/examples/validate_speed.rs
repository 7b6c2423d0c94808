//! Throughput check: builds a synthetic 2024-25 CIN census file in memory (100,000
//! children by default, 1-3 full episodes each, mostly valid) and measures reading alone,
//! reading + validating, and validating pre-read records alone.
//!
//! `cargo run --release --example validate_speed [-- CHILDREN]`

use std::fmt::Write as _;
use std::io::BufReader;
use std::time::Instant;

use assure_cinxml::{CinReader, Limits};
use assure_validation::{CensusContext, Validator};

const LETTERS: &[u8; 23] = b"ABCDEFGHJKLMNPQRTUVWXYZ";

/// A UPN with a correct check letter and LA code 201.
fn upn(i: usize) -> String {
    let digits = format!("201{:08}{}", i % 100_000_000, i % 10);
    let b = digits.as_bytes();
    let sum: u32 = (0..12)
        .map(|k| u32::from(b[k] - b'0') * (k as u32 + 2))
        .sum();
    format!("{}{digits}", LETTERS[(sum % 23) as usize] as char)
}

fn child(s: &mut String, i: usize) {
    let y = 2015 - (i % 15) as i32;
    let _ = write!(
        s,
        r#"    <Child>
      <ChildIdentifiers>
        <LAchildID>SYN{i:09}</LAchildID>
        <UPN>{upn}</UPN>
        <PersonBirthDate>{y}-0{m}-1{d}</PersonBirthDate>
        <Sex>{g}</Sex>
      </ChildIdentifiers>
      <ChildCharacteristics>
        <Ethnicity>WBRI</Ethnicity>
        <Disabilities>
          <Disability>{dis}</Disability>
        </Disabilities>
      </ChildCharacteristics>
"#,
        upn = upn(i),
        m = 1 + i % 9,
        d = i % 10,
        g = if i.is_multiple_of(2) { "M" } else { "F" },
        dis = [
            "NONE", "MOB", "HAND", "PC", "INC", "COMM", "LD", "HEAR", "VIS", "BEH", "CON", "AUT",
            "DDA"
        ][i % 13],
    );
    let n = 1 + i % 3;
    for e in 0..n {
        // Episodes one after another: April, then later months.
        let m = 4 + 3 * e;
        let last = e + 1 == n;
        // The first weekday on or after the 21st, for the ICPC and the plan start.
        let icpc = {
            use chrono::{Datelike, Weekday};
            let mut d = chrono::NaiveDate::from_ymd_opt(2024, m as u32, 21).unwrap();
            while matches!(d.weekday(), Weekday::Sat | Weekday::Sun) {
                d = d.succ_opt().unwrap();
            }
            d
        };
        let _ = write!(
            s,
            r#"      <CINdetails>
        <CINreferralDate>2024-{m:02}-01</CINreferralDate>
        <ReferralSource>2A</ReferralSource>
        <PrimaryNeedCode>N1</PrimaryNeedCode>
{closure}        <Assessments>
          <AssessmentActualStartDate>2024-{m:02}-02</AssessmentActualStartDate>
          <AssessmentAuthorisationDate>2024-{m:02}-10</AssessmentAuthorisationDate>
          <FactorsIdentifiedAtAssessment>
            <AssessmentFactors>3A</AssessmentFactors>
            <AssessmentFactors>18B</AssessmentFactors>
          </FactorsIdentifiedAtAssessment>
        </Assessments>
        <Section47>
          <S47ActualStartDate>2024-{m:02}-03</S47ActualStartDate>
          <InitialCPCtarget>2024-{m:02}-24</InitialCPCtarget>
          <DateOfInitialCPC>{icpc}</DateOfInitialCPC>
          <ICPCnotRequired>false</ICPCnotRequired>
        </Section47>
        <ReferralNFA>false</ReferralNFA>
        <ChildProtectionPlans>
          <CPPstartDate>{icpc}</CPPstartDate>
          <CPPendDate>2024-{m2:02}-28</CPPendDate>
          <InitialCategoryOfAbuse>NEG</InitialCategoryOfAbuse>
          <LatestCategoryOfAbuse>NEG</LatestCategoryOfAbuse>
          <NumberOfPreviousCPP>0</NumberOfPreviousCPP>
          <Reviews>
            <CPPreviewDate>2024-{m1:02}-15</CPPreviewDate>
          </Reviews>
        </ChildProtectionPlans>
      </CINdetails>
"#,
            m1 = m + 1,
            m2 = m + 2,
            closure = if last {
                String::new()
            } else {
                format!("        <CINclosureDate>2024-{:02}-28</CINclosureDate>\n        <ReasonForClosure>RC7</ReasonForClosure>\n", m + 2)
            },
        );
    }
    s.push_str("    </Child>\n");
}

fn build(children: usize) -> Vec<u8> {
    let mut s = String::with_capacity(children * 3000);
    s.push_str("<Message>\n  <Header>\n    <CollectionDetails>\n      <Collection>CIN</Collection>\n      <Year>2025</Year>\n      <ReferenceDate>2025-03-31</ReferenceDate>\n    </CollectionDetails>\n  </Header>\n  <Children>\n");
    for i in 0..children {
        child(&mut s, i);
    }
    s.push_str("  </Children>\n</Message>\n");
    s.into_bytes()
}

fn main() {
    let n: usize = std::env::args()
        .nth(1)
        .and_then(|a| a.parse().ok())
        .unwrap_or(100_000);
    let data = build(n);
    let mb = data.len() as f64 / 1e6;
    println!("{n} children, {mb:.1} MB");

    // 1. Read only.
    let t = Instant::now();
    let mut reader =
        CinReader::new(BufReader::new(&data[..]), "syn.xml", Limits::default()).unwrap();
    let mut records = Vec::with_capacity(n);
    for r in &mut reader {
        records.push(r.unwrap());
    }
    let read = t.elapsed().as_secs_f64();
    println!("read only:        {read:.3} s = {:.0} MB/s", mb / read);

    // 2. Validate pre-read records only.
    let ctx = CensusContext::for_year(2025).unwrap();
    let t = Instant::now();
    let mut v = Validator::new(ctx.clone());
    for r in &records {
        v.feed(r.child.as_ref(), &r.extras, &r.problems);
    }
    let report = v.finish();
    let val = t.elapsed().as_secs_f64();
    println!(
        "validate only:    {val:.3} s = {:.0} MB/s equivalent ({:.2} µs per child); {} errors, {} queries {:?}",
        mb / val,
        val * 1e6 / n as f64,
        report.errors,
        report.queries,
        report.counts_by_rule
    );
    drop(records);

    // 3. Read and validate, streaming.
    let t = Instant::now();
    let mut reader =
        CinReader::new(BufReader::new(&data[..]), "syn.xml", Limits::default()).unwrap();
    let mut v = Validator::new(ctx);
    for r in &mut reader {
        let r = r.unwrap();
        v.feed(r.child.as_ref(), &r.extras, &r.problems);
    }
    let report = v.finish();
    let both = t.elapsed().as_secs_f64();
    println!(
        "read + validate:  {both:.3} s = {:.0} MB/s ({} issues)",
        mb / both,
        report.issues.len()
    );
}
