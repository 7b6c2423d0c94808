//! PDF by printing the HTML paper in headless Chromium, where it is installed.

use crate::ReportError;
use std::path::PathBuf;
use std::process::Command;

/// Chromium from `ASSURE_CHROMIUM`, or the usual Debian paths.
pub fn find_chromium() -> Option<PathBuf> {
    if let Ok(path) = std::env::var("ASSURE_CHROMIUM") {
        return Some(PathBuf::from(path)).filter(|p| p.exists());
    }
    [
        "/usr/bin/chromium",
        "/usr/bin/chromium-browser",
        "/usr/bin/google-chrome",
    ]
    .into_iter()
    .map(PathBuf::from)
    .find(|p| p.exists())
}

pub fn render(html: &str) -> Result<Vec<u8>, ReportError> {
    let chromium = find_chromium().ok_or(ReportError::NoChromium)?;
    let dir = tempfile_dir().map_err(|e| ReportError::Pdf(e.to_string()))?;
    let page = dir.join("paper.html");
    let out = dir.join("paper.pdf");
    let profile = dir.join("profile");
    let result = (|| {
        std::fs::write(&page, html).map_err(|e| ReportError::Pdf(e.to_string()))?;
        let status = Command::new(&chromium)
            .args([
                "--headless=new",
                "--no-sandbox",
                "--disable-gpu",
                "--disable-quic",
                "--no-first-run",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--no-pdf-header-footer",
            ])
            .arg(format!("--user-data-dir={}", profile.display()))
            .arg(format!("--print-to-pdf={}", out.display()))
            .arg(format!("file://{}", page.display()))
            .output()
            .map_err(|e| ReportError::Pdf(e.to_string()))?;
        let pdf = std::fs::read(&out).map_err(|_| {
            ReportError::Pdf(
                String::from_utf8_lossy(&status.stderr)
                    .lines()
                    .last()
                    .unwrap_or("no output")
                    .to_string(),
            )
        })?;
        if !pdf.starts_with(b"%PDF") {
            return Err(ReportError::Pdf("the output is not a PDF".into()));
        }
        Ok(pdf)
    })();
    let _ = std::fs::remove_dir_all(&dir);
    result
}

fn tempfile_dir() -> std::io::Result<PathBuf> {
    let dir = std::env::temp_dir().join(format!(
        "assure-pdf-{}-{}",
        std::process::id(),
        std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map(|d| d.as_nanos())
            .unwrap_or(0)
    ));
    std::fs::create_dir_all(&dir)?;
    Ok(dir)
}
