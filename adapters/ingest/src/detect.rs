use crate::IngestError;
use serde::Serialize;
use std::io::Read;
use std::path::Path;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub enum SourceFormat {
    #[serde(rename = "cin-xml")]
    CinXml,
    #[serde(rename = "annex-a-xlsx")]
    AnnexAXlsx,
    #[serde(rename = "annex-a-csv")]
    AnnexACsv,
}

impl SourceFormat {
    pub fn slug(self) -> &'static str {
        match self {
            SourceFormat::CinXml => "cin-xml",
            SourceFormat::AnnexAXlsx => "annex-a-xlsx",
            SourceFormat::AnnexACsv => "annex-a-csv",
        }
    }
}

/// Recognises a file by its first bytes (a folder is a set of Annex A CSV files).
pub fn detect(path: &Path) -> Result<SourceFormat, IngestError> {
    let name = crate::file_name(path);
    if path.is_dir() {
        return Ok(SourceFormat::AnnexACsv);
    }
    let mut head = [0u8; 512];
    let n = std::fs::File::open(path)
        .and_then(|mut f| f.read(&mut head))
        .map_err(|e| IngestError(format!("{name}: cannot be read: {e}")))?;
    let head = &head[..n];
    if n == 0 {
        return Err(IngestError(format!("{name}: the file is empty")));
    }
    if head.starts_with(b"PK\x03\x04") {
        return Ok(SourceFormat::AnnexAXlsx);
    }
    if head.starts_with(&[0xFF, 0xFE]) || head.starts_with(&[0xFE, 0xFF]) {
        return Err(IngestError(format!(
            "{name}: is UTF-16 text; save it as UTF-8 (CSV UTF-8, or XML in UTF-8) and try again"
        )));
    }
    let text = head.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(head);
    match text.iter().find(|b| !b.is_ascii_whitespace()) {
        Some(b'<') => Ok(SourceFormat::CinXml),
        Some(_) => Ok(SourceFormat::AnnexACsv),
        None => Err(IngestError(format!(
            "{name}: the file holds only blank space"
        ))),
    }
}
