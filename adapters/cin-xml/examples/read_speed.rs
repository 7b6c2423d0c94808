//! Throughput check: builds a synthetic CIN census file in memory (100,000 children by
//! default, each with 1-3 fully populated episodes) and reads it.
//!
//! `cargo run --release --example read_speed [-- CHILDREN [compact]]`
//! (`compact` strips the indentation, which gives more elements per MB.)

use std::io::BufReader;
use std::time::Instant;

use assure_cinxml::{CinReader, Limits};

fn child(i: usize) -> String {
    let y = 2015 - (i % 15) as i32;
    let mut s = format!(
        r#"    <Child>
      <ChildIdentifiers>
        <LAchildID>SYN{i:09}</LAchildID>
        <UPN>A950000178301</UPN>
        <PersonBirthDate>{y}-0{m}-1{d}</PersonBirthDate>
        <GenderCurrent>{g}</GenderCurrent>
      </ChildIdentifiers>
      <ChildCharacteristics>
        <Ethnicity>WBRI</Ethnicity>
        <Disabilities>
          <Disability>NONE</Disability>
        </Disabilities>
      </ChildCharacteristics>
"#,
        m = 1 + i % 9,
        d = i % 10,
        g = 1 + i % 2
    );
    for e in 0..(1 + i % 3) {
        s.push_str(&format!(
            r#"      <CINdetails>
        <CINreferralDate>2024-0{m}-0{d1}</CINreferralDate>
        <ReferralSource>2A</ReferralSource>
        <PrimaryNeedCode>N1</PrimaryNeedCode>
        <CINclosureDate>2025-03-1{d}</CINclosureDate>
        <ReasonForClosure>RC7</ReasonForClosure>
        <Assessments>
          <AssessmentActualStartDate>2024-0{m}-1{d}</AssessmentActualStartDate>
          <AssessmentAuthorisationDate>2024-0{m}-2{d}</AssessmentAuthorisationDate>
          <FactorsIdentifiedAtAssessment>
            <AssessmentFactors>3A</AssessmentFactors>
            <AssessmentFactors>18B</AssessmentFactors>
          </FactorsIdentifiedAtAssessment>
        </Assessments>
        <CINPlanDates>
          <CINPlanStartDate>2024-0{m}-2{d}</CINPlanStartDate>
          <CINPlanEndDate>2024-1{e}-0{d1}</CINPlanEndDate>
        </CINPlanDates>
        <Section47>
          <S47ActualStartDate>2024-0{m}-1{d}</S47ActualStartDate>
          <InitialCPCtarget>2024-0{m}-2{d}</InitialCPCtarget>
          <DateOfInitialCPC>2024-0{m}-2{d}</DateOfInitialCPC>
          <ICPCnotRequired>false</ICPCnotRequired>
        </Section47>
        <ReferralNFA>false</ReferralNFA>
        <ChildProtectionPlans>
          <CPPstartDate>2024-0{m}-2{d}</CPPstartDate>
          <CPPendDate>2025-0{m2}-1{d}</CPPendDate>
          <InitialCategoryOfAbuse>NEG</InitialCategoryOfAbuse>
          <LatestCategoryOfAbuse>NEG</LatestCategoryOfAbuse>
          <NumberOfPreviousCPP>0</NumberOfPreviousCPP>
          <Reviews>
            <CPPreviewDate>2024-1{e}-1{d}</CPPreviewDate>
          </Reviews>
        </ChildProtectionPlans>
      </CINdetails>
"#,
            m = 4 + (i + e) % 5,
            m2 = 1 + (i + e) % 3,
            d = (i + e) % 10,
            d1 = 1 + (i + e) % 9,
            e = e % 2,
        ));
    }
    s.push_str("    </Child>\n");
    s
}

fn main() {
    let n: usize = std::env::args()
        .nth(1)
        .and_then(|a| a.parse().ok())
        .unwrap_or(100_000);
    let mut xml = String::from(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<Message>\n  <Header>\n    <CollectionDetails>\n      \
         <Collection>CIN</Collection>\n      <Year>2025</Year>\n      <ReferenceDate>2025-03-31</ReferenceDate>\n    \
         </CollectionDetails>\n  </Header>\n  <Children>\n",
    );
    for i in 0..n {
        xml.push_str(&child(i));
    }
    xml.push_str("  </Children>\n</Message>\n");
    if std::env::args().nth(2).as_deref() == Some("compact") {
        xml = xml
            .lines()
            .map(str::trim_start)
            .collect::<Vec<_>>()
            .join("\n");
    }
    let bytes = xml.into_bytes();
    let mb = bytes.len() as f64 / 1e6;
    println!("synthetic file: {n} children, {mb:.1} MB");

    let mut best = f64::MAX;
    for run in 0..3 {
        let start = Instant::now();
        // A file-like 64 KiB buffered reader, as an upload would be read.
        let input = BufReader::with_capacity(64 * 1024, &bytes[..]);
        let mut reader = CinReader::new(input, "synthetic.xml", Limits::default()).unwrap();
        let mut children = 0u64;
        let mut problems = 0usize;
        for rec in &mut reader {
            let rec = rec.unwrap();
            problems += rec.problems.len();
            children += u64::from(rec.child.is_some());
        }
        let secs = start.elapsed().as_secs_f64();
        best = best.min(secs);
        println!(
            "run {run}: {children} children, {problems} problems, {:?}, {secs:.3} s, {:.0} MB/s",
            reader.counts(),
            mb / secs
        );
    }
    println!("best: {:.0} MB/s", mb / best);
}
