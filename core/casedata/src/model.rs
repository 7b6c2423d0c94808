//! The child-level event model.
//!
//! Conventions that hold for every type here:
//!
//! * **Dates are `Option<NaiveDate>`, even where the source format makes them mandatory.**
//!   `None` means "absent or unparseable". Readers never invent or drop an event because one
//!   of its dates is bad: they leave the date `None` and report the problem separately, so
//!   validation rules about missing mandatory dates (CIN 8600, 8615, 8720, 4010 ...) can still
//!   see the event. Indicator code skips an event whose anchor date is `None`.
//!   (`Option<NaiveDate>` is 4 bytes, the same as `NaiveDate`.)
//! * **Codes are kept as the trimmed source text** (`Option<String>` / `Vec<String>`), not as
//!   enums, so an out-of-list value survives to the validator. Empty text is `None`.
//! * **Team and worker** are `Option<String>` on every event; a worker is a staff ID, never a
//!   name.
//! * **No names, addresses, UPNs or free text are modelled.** Only the fields below exist.
//! * Provenance is kept light: [`Child::source_line`] only.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use crate::{ChildId, Sex};

/// One child and all their events, keyed by the LA child ID.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Child {
    /// LA child identifier (CIN `LAchildID`; Annex A `Child Unique ID`).
    pub la_child_id: ChildId,
    /// Date of birth (CIN `PersonBirthDate`, N00066).
    pub birth_date: Option<NaiveDate>,
    /// Expected date of birth of an unborn child (CIN `ExpectedPersonBirthDate`, N00098).
    pub expected_birth_date: Option<NaiveDate>,
    /// Sex / gender (see [`Sex`] for the code mapping).
    pub sex: Sex,
    /// Ethnicity code as supplied (e.g. `WBRI`, `REFU`, `NOBT`).
    pub ethnicity: Option<String>,
    /// Disability codes as supplied, in source order (`NONE`, `MOB`, `HAND` ...).
    pub disabilities: Vec<String>,
    /// Contacts (Annex A List 1; local extracts). Not in the CIN census.
    pub contacts: Vec<Contact>,
    /// Early help episodes (Annex A List 2; local extracts). Not in the CIN census.
    pub early_help: Vec<EarlyHelpEpisode>,
    /// Referrals / CIN episodes (one CIN `CINdetails` each; Annex A List 3 rows).
    pub episodes: Vec<Episode>,
    /// Where the child came from in its source: the XML line of `<Child>`, or the
    /// sheet/CSV row number. For validation messages only.
    pub source_line: Option<u64>,
}

impl Child {
    /// A child with the given ID and nothing else recorded.
    pub fn new(la_child_id: ChildId) -> Self {
        Child {
            la_child_id,
            birth_date: None,
            expected_birth_date: None,
            sex: Sex::NotRecorded,
            ethnicity: None,
            disabilities: Vec::new(),
            contacts: Vec::new(),
            early_help: Vec::new(),
            episodes: Vec::new(),
            source_line: None,
        }
    }
}

/// A contact received about the child (Annex A List 1; SSD `ssd_contacts`).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Contact {
    /// Date of contact.
    pub date: Option<NaiveDate>,
    /// Contact source code (same list as referral source: `1A` ... `10`).
    pub source: Option<String>,
    /// Team the contact was allocated to.
    pub team: Option<String>,
    /// Staff ID of the worker the contact was allocated to.
    pub worker: Option<String>,
}

/// An early help episode or assessment (Annex A List 2; SSD `ssd_early_help_episodes`).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct EarlyHelpEpisode {
    /// Start date (Annex A "Assessment start date").
    pub start: Option<NaiveDate>,
    /// End date (Annex A "Assessment completion date"); `None` = still open.
    pub end: Option<NaiveDate>,
    /// Reason code for the episode, as supplied.
    pub reason: Option<String>,
    /// End reason code (e.g. outcomes met, step-up, NFA), as supplied.
    pub end_reason: Option<String>,
    /// Organisation completing the assessment / leading the episode.
    pub organisation: Option<String>,
    /// Team.
    pub team: Option<String>,
    /// Worker staff ID.
    pub worker: Option<String>,
}

/// A referral and the episode of need that follows it (one CIN `CINdetails`).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Episode {
    /// Referral date (`CINreferralDate`, N00100). Mandatory in the source.
    pub referral_date: Option<NaiveDate>,
    /// Referral source code (`ReferralSource`, N00152: `1A` ... `10`).
    pub referral_source: Option<String>,
    /// Primary need code (`PrimaryNeedCode`, N00101: `N0` ... `N9`).
    pub primary_need: Option<String>,
    /// Episode closure date (`CINclosureDate`, N00102); `None` = open.
    pub closure_date: Option<NaiveDate>,
    /// Reason for closure code (`ReasonForClosure`, N00103: `RC1` ... `RC9`).
    pub closure_reason: Option<String>,
    /// Referral led to no further action (`ReferralNFA`, N00112). `None` = not supplied or
    /// not a recognisable yes/no.
    pub referral_nfa: Option<bool>,
    /// ICPC recorded at episode level (`CINdetails/DateOfInitialCPC`, N00110): an ICPC with no
    /// S47 in this LA, e.g. a transfer-in conference. ICPCs following a S47 are on
    /// [`S47::icpc_date`] instead.
    pub episode_icpc_date: Option<NaiveDate>,
    /// Assessments in this episode.
    pub assessments: Vec<Assessment>,
    /// Child in need plans in this episode (`CINPlanDates`, from 2021-22).
    pub cin_plans: Vec<CinPlan>,
    /// Section 47 enquiries in this episode.
    pub s47s: Vec<S47>,
    /// Child protection plans in this episode.
    pub cp_plans: Vec<CpPlan>,
    /// Team the referral / episode is allocated to.
    pub team: Option<String>,
    /// Worker staff ID for the referral / episode.
    pub worker: Option<String>,
}

impl Episode {
    /// Number of dated ICPCs in the episode: S47 ICPC dates plus the episode-level
    /// (transfer-in) ICPC date.
    pub fn icpc_count(&self) -> usize {
        self.s47s.iter().filter(|s| s.icpc_date.is_some()).count()
            + usize::from(self.episode_icpc_date.is_some())
    }
}

/// A (single or continuous) assessment.
///
/// Child seen: Annex A List 4 asks a yes/no question ("Child Seen During Continuous
/// Assessment"), while local case-management extracts (SSD `cina_assessment_child_seen`)
/// may give the date the child was seen. Both are kept: [`Assessment::child_seen`] is the
/// yes/no answer and [`Assessment::child_seen_date`] the date when a source has one. A
/// reader that has a date also sets `child_seen = Some(true)`. The CIN census has neither.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Assessment {
    /// Assessment start date (`AssessmentActualStartDate`, N00159). Mandatory in the source.
    pub start: Option<NaiveDate>,
    /// Authorisation (completion) date (`AssessmentAuthorisationDate`, N00160);
    /// `None` = not completed.
    pub authorised: Option<NaiveDate>,
    /// Was the child seen during the assessment (yes/no), when the source says.
    pub child_seen: Option<bool>,
    /// Date the child was seen, when the source gives one.
    pub child_seen_date: Option<NaiveDate>,
    /// Factors identified at assessment (`AssessmentFactors`, N00181), as supplied.
    pub factors: Vec<String>,
    /// Team.
    pub team: Option<String>,
    /// Worker staff ID.
    pub worker: Option<String>,
}

/// A child in need plan (`CINPlanDates`).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct CinPlan {
    /// Plan start (`CINPlanStartDate`, N00689). Mandatory in the source.
    pub start: Option<NaiveDate>,
    /// Plan end (`CINPlanEndDate`, N00690); `None` = open.
    pub end: Option<NaiveDate>,
    /// Team.
    pub team: Option<String>,
    /// Worker staff ID.
    pub worker: Option<String>,
}

/// A Section 47 enquiry and its initial child protection conference, if any.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct S47 {
    /// Date of the strategy discussion that started the enquiry (`S47ActualStartDate`,
    /// N00148). Mandatory in the source.
    pub start: Option<NaiveDate>,
    /// ICPC target date (`InitialCPCtarget`, N00109): 15 working days after the strategy
    /// discussion.
    pub icpc_target: Option<NaiveDate>,
    /// ICPC date (`Section47/DateOfInitialCPC`, N00110).
    pub icpc_date: Option<NaiveDate>,
    /// ICPC deemed not required (`ICPCnotRequired`, N00111).
    pub icpc_not_required: Option<bool>,
    /// Team.
    pub team: Option<String>,
    /// Worker staff ID.
    pub worker: Option<String>,
}

/// A child protection plan.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct CpPlan {
    /// Plan start (`CPPstartDate`, N00105). Mandatory in the source.
    pub start: Option<NaiveDate>,
    /// Plan end (`CPPendDate`, N00115); `None` = open.
    pub end: Option<NaiveDate>,
    /// Initial category of abuse code (`NEG`, `PHY`, `SAB`, `EMO`, `MUL`).
    pub initial_category: Option<String>,
    /// Latest category of abuse code.
    pub latest_category: Option<String>,
    /// Number of previous CP plans as recorded by the LA (`NumberOfPreviousCPP`, N00106).
    pub previous_plans: Option<u32>,
    /// Review conference dates (`Reviews/CPPreviewDate`, N00116), in source order.
    pub review_dates: Vec<NaiveDate>,
    /// Statutory visit dates, in source order (local extracts; Annex A gives the latest).
    pub visit_dates: Vec<NaiveDate>,
    /// Team.
    pub team: Option<String>,
    /// Worker staff ID.
    pub worker: Option<String>,
}
