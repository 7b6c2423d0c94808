use assure_casedata::{Child, ChildId, NaiveDate};

use crate::{FieldProblem, UpnFacts};

/// The file header (`Message/Header`). Every field is as supplied (trimmed); empty = `None`.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Header {
    /// `CollectionDetails/Collection` (should be `CIN`).
    pub collection: Option<String>,
    /// `CollectionDetails/Year` (a gYear, e.g. 2025).
    pub year: Option<i32>,
    /// `CollectionDetails/ReferenceDate` (should be 31 March of the collection year, rule 100).
    pub reference_date: Option<NaiveDate>,
    /// `Source/SourceLevel` (`L`).
    pub source_level: Option<String>,
    /// `Source/LEA`: the three-digit DfE LA number.
    pub lea: Option<String>,
    /// `Source/SoftwareCode`.
    pub software_code: Option<String>,
    /// `Source/Release`.
    pub release: Option<String>,
    /// `Source/SerialNo`.
    pub serial_no: Option<String>,
    /// `Source/DateTime` (xs:dateTime, kept as text).
    pub date_time: Option<String>,
}

/// One `<Child>` as read from the file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ChildRecord {
    /// The child in the shared model, with every value that parsed. `None` only when the
    /// child has no usable `LAchildID` (missing, blank, over 20 characters, control or
    /// invisible characters): such a child cannot be keyed, so it cannot enter the model.
    /// `problems` then holds a [`crate::ProblemKind::MissingChildId`] or
    /// [`crate::ProblemKind::InvalidChildId`] entry.
    pub child: Option<Child>,
    /// CIN-specific facts that validation rules need but the shared model does not carry.
    pub extras: CinChildExtras,
    /// Non-fatal field problems found in this child, in file order.
    pub problems: Vec<FieldProblem>,
    /// 1-based line of the `<Child>` start tag.
    pub line: u64,
}

impl ChildRecord {
    /// The child's ID, when usable.
    pub fn la_child_id(&self) -> Option<&ChildId> {
        self.child.as_ref().map(|c| &c.la_child_id)
    }
}

/// Child-level CIN census facts kept for validation only (not part of the shared model).
///
/// UPNs are never stored: see [`UpnFacts`].
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct CinChildExtras {
    /// Raw `GenderCurrent` code (to 2023-24), when present.
    pub gender_current: Option<String>,
    /// Raw `Sex` code (from 2024-25), when present. When both are present and valid,
    /// `Child::sex` comes from `Sex`.
    pub sex: Option<String>,
    /// `PersonDeathDate` (rules 8535Q, 8545Q, 8555Q, 8585Q, 4008, 8915, 8920).
    pub person_death_date: Option<NaiveDate>,
    /// Facts about `UPN`, when a non-empty one is present (rules 1510-1550, 8770Q).
    pub upn: Option<UpnFacts>,
    /// Facts about `FormerUPN`, when a non-empty one is present (rule 1560Q).
    pub former_upn: Option<UpnFacts>,
    /// `UPNunknown` reason code (`UN1` ... `UN7`; rules 8770Q, 8772).
    pub upn_unknown: Option<String>,
}

/// An element the reader does not model and skipped, with how often it was seen
/// (e.g. `Message/Children/Child/CINdetails/PreProceedingsandFGDM`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SkippedElement {
    /// Element path.
    pub path: String,
    /// Occurrences.
    pub count: u64,
}
