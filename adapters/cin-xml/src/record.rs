use assure_casedata::{Child, ChildId, NaiveDate};

/// Moved to `assure-casedata` (so validation rules can be pure); re-exported unchanged.
pub use assure_casedata::CinChildExtras;

use crate::FieldProblem;

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

/// An element the reader does not model and skipped, with how often it was seen
/// (e.g. `Message/Children/Child/CINdetails/PreProceedingsandFGDM`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SkippedElement {
    /// Element path.
    pub path: String,
    /// Occurrences.
    pub count: u64,
}
