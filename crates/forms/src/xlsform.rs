//! XLSForm import.
use std::collections::BTreeMap;
use crate::diag::Diagnostics;
/// Imports an XLSForm.
pub fn import_xlsform(_file_name: &str, _bytes: &[u8]) -> Result<BTreeMap<String, Vec<u8>>, Diagnostics> {
    Err(Diagnostics(Vec::new()))
}
