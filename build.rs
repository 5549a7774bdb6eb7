//! Build script: embed the shipped knowledge-base articles (`config/kb/*.md`) in the binary.
//!
//! It writes `$OUT_DIR/kb_shipped.rs` with one `include_str!` per article, sorted by file name,
//! and one SHA-256 over all of them, so that start-up can tell "nothing changed since the last
//! run" by comparing a single string, without reading or parsing any article.

use std::fmt::Write as _;
use std::path::Path;

use sha2::{Digest, Sha256};

fn main() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("config")
        .join("kb");
    // A directory here makes cargo rerun when any file in it is added, removed or changed.
    println!("cargo:rerun-if-changed={}", dir.display());

    let mut files: Vec<_> = std::fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("cannot read {}: {e}", dir.display()))
        .map(|entry| entry.expect("a readable directory entry").path())
        .filter(|p| p.extension().is_some_and(|e| e == "md"))
        .collect();
    files.sort();

    let mut hash = Sha256::new();
    let mut list = String::new();
    for path in &files {
        let name = path
            .file_name()
            .and_then(|n| n.to_str())
            .unwrap_or_else(|| panic!("{} is not a UTF-8 file name", path.display()));
        let text =
            std::fs::read(path).unwrap_or_else(|e| panic!("cannot read {}: {e}", path.display()));
        // Name and length first, so moving text between two files changes the hash too.
        hash.update(name.as_bytes());
        hash.update([0]);
        hash.update((text.len() as u64).to_le_bytes());
        hash.update(&text);
        let full = path.to_str().expect("a UTF-8 path");
        writeln!(list, "    ({name:?}, include_str!({full:?})),").unwrap();
    }
    let digest: String = hash.finalize().iter().map(|b| format!("{b:02x}")).collect();

    let code = format!(
        "/// Every shipped article as (file name, text), sorted by file name.\n\
         pub const SHIPPED_ARTICLES: &[(&str, &str)] = &[\n{list}];\n\n\
         /// SHA-256 over the names and texts of [`SHIPPED_ARTICLES`].\n\
         pub const SHIPPED_HASH: &str = {digest:?};\n"
    );
    let out =
        Path::new(&std::env::var("OUT_DIR").expect("cargo sets OUT_DIR")).join("kb_shipped.rs");
    std::fs::write(&out, code).unwrap_or_else(|e| panic!("cannot write {}: {e}", out.display()));
}
