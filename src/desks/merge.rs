//! Merging bundles into the database, all in one transaction, so that merging is safe to
//! repeat and the order never matters:
//! - a contact is matched by its id: a new id is added; a stored contact is replaced only by
//!   a version edited later (`updated_at`; on the same second, the greater content wins, so
//!   every order ends the same), each replacement audited;
//! - a contact deleted at a desk (a tombstone) is deleted here when it was not edited after
//!   the deletion, audited; the tombstone is kept, so an older bundle cannot bring it back;
//! - links to articles are added (never removed), and the desk's own articles follow
//!   [`crate::kb`]'s rules (a later local edit wins over an earlier one and over a shipped
//!   text).
//!
//! The rules are here; the rows are read and written through the store's
//! [`Incoming`] transaction, which holds the SQL.

use std::path::Path;

use chrono::NaiveDateTime;
use serde::Serialize;

use super::bundle::{Bundle, Tombstone};
use crate::domain::{AT_FORMAT, Contact, ContactId, STAMP_FORMAT};
use crate::kb::{self, ArticleMerge};
use crate::store::merge::Incoming;
use crate::store::{Result, Store, StoreError, audit};

pub mod refusal;
use refusal::{Act, Claim, Refusal, Why};

/// What merging one bundle did.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct MergeCounts {
    /// Contacts that were not here.
    pub added: u64,
    /// Contacts replaced by a later edit.
    pub updated: u64,
    /// Contacts already here as they are (or newer), or deleted here later.
    pub skipped: u64,
    /// Contacts deleted because the desk deleted them.
    pub deleted: u64,
    /// Links between contacts and articles that were not here.
    pub links: u64,
    /// The desk's own articles added or replaced.
    pub articles: u64,
}

impl MergeCounts {
    /// Whether the merge changed anything.
    pub fn changed(&self) -> bool {
        self.added + self.updated + self.deleted + self.links + self.articles > 0
    }

    /// "added 3, updated 1, skipped 12, deleted 0" (and links and articles when any).
    pub fn summary(&self) -> String {
        let mut s = format!(
            "added {}, updated {}, skipped {}, deleted {}",
            self.added, self.updated, self.skipped, self.deleted
        );
        if self.links > 0 {
            s.push_str(&format!(", {} link(s) to articles", self.links));
        }
        if self.articles > 0 {
            s.push_str(&format!(", {} article(s)", self.articles));
        }
        s
    }
}

/// Merge `bundles` (read and checked with [`super::bundle::read`]) into `store` in one
/// transaction, in the order given, as volunteer `by` at `now`. Returns what each bundle
/// did. Nothing is changed if anything fails.
pub fn merge(
    store: &mut Store,
    bundles: &[Bundle],
    by: &str,
    now: NaiveDateTime,
) -> Result<Vec<MergeCounts>> {
    merge_with_progress(store, bundles, by, now, &mut |_| {})
}

/// [`merge`], telling `progress` how many contacts of all bundles are done so far.
pub fn merge_with_progress(
    store: &mut Store,
    bundles: &[Bundle],
    by: &str,
    now: NaiveDateTime,
    progress: &mut dyn FnMut(u64),
) -> Result<Vec<MergeCounts>> {
    let tx = store.incoming()?;
    let counts = merge_in(&tx, bundles, by, now, progress)?;
    tx.commit()?;
    Ok(counts)
}

/// What [`merge`] would do, worked out in a transaction that is then rolled back.
pub fn preview(
    store: &mut Store,
    bundles: &[Bundle],
    now: NaiveDateTime,
) -> Result<Vec<MergeCounts>> {
    let tx = store.incoming()?;
    merge_in(&tx, bundles, "", now, &mut |_| {})
}

/// Refuse a bundle not signed by a key trusted for each desk it names (see
/// [`super::bundle::sign`]); trust the key of a desk's first signed bundle, and audit that.
fn check_signer(tx: &Incoming<'_>, b: &Bundle, by: &str, now: NaiveDateTime) -> Result<()> {
    use super::bundle::sign::{self, Verdict};
    let name = file_name(&b.path);
    match sign::check(
        |d| tx.trusted_keys(d),
        &b.manifest.desks,
        b.signer.as_deref(),
    )? {
        Verdict::Trusted => Ok(()),
        Verdict::Learn(desks) => {
            let key = b.signer.as_deref().unwrap_or_default();
            for desk in &desks {
                tx.trust_key(desk, key)?;
                tx.audit(
                    now,
                    by,
                    audit::AuditKind::BundleKey,
                    &[],
                    &format!("trusted {key} for desk {desk}: its first signed bundle, {name}"),
                )?;
            }
            Ok(())
        }
        Verdict::Refused(why) => Err(refused(name, Why::Signer(why))),
    }
}

/// A merge's refusal of the bundle `file` as a store error.
fn refused(file: String, why: Why) -> StoreError {
    StoreError::Refused(Box::new(Refusal { file, why }))
}

/// The first moment a bundle may name: balie did not exist before, and no desk did.
pub const EARLIEST: &str = "1990-01-01 00:00:00";

/// Refuse a bundle that claims what it cannot: moments before 1990 or more than a day ahead
/// of this clock (an edit time of 9999 would win against every later edit), rows of contacts
/// that belong here to a desk the bundle does not name (adding, changing, deleting or erasing
/// them). One sentence, naming the file; nothing is merged.
fn check_claims(tx: &Incoming<'_>, b: &Bundle, now: NaiveDateTime) -> Result<()> {
    let name = file_name(&b.path);
    let refuse = |why: Why| Err(refused(name.clone(), why));
    let earliest = NaiveDateTime::parse_from_str(EARLIEST, STAMP_FORMAT).unwrap_or_default();
    let latest = now + chrono::Duration::days(1);
    let sane = |t: NaiveDateTime| t >= earliest && t <= latest;
    let moment = |claim: Claim| Why::Moment {
        claim,
        latest: latest.format("%Y-%m-%d %H:%M").to_string(),
    };
    for c in &b.contacts {
        let moments = [
            ("at", Some(c.at)),
            ("created_at", Some(c.created_at)),
            ("updated_at", Some(c.updated_at)),
            ("follow_up_done", c.follow_up_done),
        ];
        for (field, t) in moments {
            if let Some(t) = t.filter(|t| !sane(*t)) {
                return refuse(moment(Claim::Contact {
                    id: c.id.to_string(),
                    field,
                    at: t.format(STAMP_FORMAT).to_string(),
                }));
            }
        }
        if !b.manifest.desks.contains(&c.desk) {
            return refuse(Why::ForeignDesk {
                contact: c.id.to_string(),
                desk: c.desk.clone(),
            });
        }
    }
    let others = |id: &ContactId| -> Result<Option<String>> {
        Ok(tx
            .contact(id)?
            .map(|ours| ours.desk)
            .filter(|desk| !b.manifest.desks.contains(desk)))
    };
    for c in &b.contacts {
        if let Some(desk) = others(&c.id)? {
            return refuse(Why::OthersContact {
                act: Act::Changes,
                contact: c.id.to_string(),
                desk,
            });
        }
    }
    for t in &b.tombstones {
        if !sane(t.deleted_at) {
            return refuse(moment(Claim::Deletes(t.id.to_string())));
        }
        if let Some(desk) = others(&t.id)? {
            return refuse(Why::OthersContact {
                act: Act::Deletes,
                contact: t.id.to_string(),
                desk,
            });
        }
    }
    for e in &b.erasures {
        if !sane(e.erased_at) {
            return refuse(moment(Claim::Erases(e.id.to_string())));
        }
        if let Some(desk) = others(&e.id)? {
            return refuse(Why::OthersContact {
                act: Act::Erases,
                contact: e.id.to_string(),
                desk,
            });
        }
    }
    for l in &b.links {
        if !sane(l.linked_at) {
            return refuse(moment(Claim::Links(l.contact.to_string())));
        }
    }
    for a in &b.articles {
        if !sane(a.updated_at) {
            return refuse(moment(Claim::Article {
                id: a.article.id.to_string(),
                at: a.updated_at.format(STAMP_FORMAT).to_string(),
            }));
        }
    }
    if !sane(b.manifest.created_at) {
        return refuse(moment(Claim::Written));
    }
    Ok(())
}

fn merge_in(
    tx: &Incoming<'_>,
    bundles: &[Bundle],
    by: &str,
    now: NaiveDateTime,
    progress: &mut dyn FnMut(u64),
) -> Result<Vec<MergeCounts>> {
    for b in bundles {
        check_claims(tx, b, now)?;
        check_signer(tx, b, by, now)?;
    }
    let mut all = Vec::with_capacity(bundles.len());
    let mut done = 0u64;
    for b in bundles {
        let name = file_name(&b.path);
        let mut n = MergeCounts::default();
        // the desk's erasures first: then no contact of the bundle brings erased text here
        let erased: Vec<ContactId> = b.erasures.iter().map(|e| e.id.clone()).collect();
        tx.record_erasures(&erased, now)?;
        for c in &b.contacts {
            if tx.erased(&c.id)? && (!c.note.is_empty() || c.resident.is_some()) {
                let mut c = c.clone();
                c.note.clear();
                c.resident = None;
                merge_contact(tx, &c, &name, by, now, &mut n)?;
            } else {
                merge_contact(tx, c, &name, by, now, &mut n)?;
            }
            done += 1;
            if done.is_multiple_of(512) {
                progress(done);
            }
        }
        let erased_here = tx.erase_again(now)?;
        if erased_here > 0 {
            let ids: Vec<&ContactId> = erased.iter().collect();
            tx.audit(
                now,
                by,
                audit::AuditKind::Merge,
                &ids,
                &format!(
                    "erased as in {name}: the notes and resident codes of {erased_here} contact(s)"
                ),
            )?;
        }
        progress(done);
        for l in &b.links {
            merge_link(tx, l, &mut n)?;
        }
        for a in &b.articles {
            let merged = tx
                .merge_article(&a.article, a.updated_at)
                .map_err(|e| match e {
                    kb::KbError::Store(s) => s,
                    // an article the bundle carries that this balie cannot take
                    other => StoreError::Invalid(other.to_string()),
                })?;
            if merged != ArticleMerge::Kept {
                n.articles += 1;
            }
        }
        for t in &b.tombstones {
            merge_tombstone(tx, t, &name, by, now, &mut n)?;
        }
        if n.changed() {
            tx.audit(
                now,
                by,
                audit::AuditKind::Merge,
                &[],
                &format!("{name} ({}): {}", b.manifest.describe(), n.summary()),
            )?;
        }
        all.push(n);
    }
    Ok(all)
}

impl std::ops::AddAssign for MergeCounts {
    fn add_assign(&mut self, o: MergeCounts) {
        self.added += o.added;
        self.updated += o.updated;
        self.skipped += o.skipped;
        self.deleted += o.deleted;
        self.links += o.links;
        self.articles += o.articles;
    }
}

/// Add a link between a contact here and an article (links are never removed by a merge).
pub(super) fn merge_link(
    tx: &Incoming<'_>,
    l: &super::bundle::Link,
    n: &mut MergeCounts,
) -> Result<()> {
    if tx.exists(&l.contact)? {
        n.links += tx.add_links(&l.contact, std::slice::from_ref(&l.article), l.linked_at)?;
    }
    Ok(())
}

fn file_name(path: &Path) -> String {
    path.file_name().map_or_else(
        || path.display().to_string(),
        |n| n.to_string_lossy().into(),
    )
}

/// Whether `theirs` should replace `ours`: a later edit, or on the same second the greater
/// content (any fixed rule would do; this one makes every merge order end the same).
fn wins(theirs: &Contact, ours: &Contact) -> bool {
    match theirs.updated_at.cmp(&ours.updated_at) {
        std::cmp::Ordering::Greater => true,
        std::cmp::Ordering::Less => false,
        std::cmp::Ordering::Equal => {
            let text = |c: &Contact| serde_json::to_string(c).unwrap_or_default();
            theirs != ours && text(theirs) > text(ours)
        }
    }
}

pub(super) fn merge_contact(
    tx: &Incoming<'_>,
    c: &Contact,
    bundle: &str,
    by: &str,
    now: NaiveDateTime,
    n: &mut MergeCounts,
) -> Result<()> {
    match tx.contact(&c.id)? {
        None => {
            if tx
                .tombstone(&c.id)?
                .is_some_and(|deleted| deleted >= c.updated_at)
            {
                // Deleted here (or at another desk) after its last edit.
                n.skipped += 1;
                return Ok(());
            }
            tx.drop_tombstone(&c.id)?;
            tx.insert(c)?;
            n.added += 1;
        }
        Some(ours) if wins(c, &ours) => {
            let changed = audit::changed_fields(&ours, c);
            tx.replace(c)?;
            tx.audit(
                now,
                by,
                audit::AuditKind::Merge,
                &[&c.id],
                &format!(
                    "updated from {bundle} (edited {}): changed {}",
                    c.updated_at.format(STAMP_FORMAT),
                    if changed.is_empty() {
                        "nothing visible".to_string()
                    } else {
                        changed.join(", ")
                    }
                ),
            )?;
            n.updated += 1;
        }
        Some(_) => n.skipped += 1,
    }
    Ok(())
}

pub(super) fn merge_tombstone(
    tx: &Incoming<'_>,
    t: &Tombstone,
    bundle: &str,
    by: &str,
    now: NaiveDateTime,
    n: &mut MergeCounts,
) -> Result<()> {
    match tx.contact(&t.id)? {
        // Edited after it was deleted elsewhere: the edit stands.
        Some(ours) if ours.updated_at >= t.deleted_at => return Ok(()),
        Some(ours) => {
            tx.delete(&t.id)?;
            tx.audit(
                now,
                by,
                audit::AuditKind::Merge,
                &[&t.id],
                &format!(
                    "deleted as in {bundle} (deleted there {}): contact of {}",
                    t.deleted_at.format(STAMP_FORMAT),
                    ours.at.format(AT_FORMAT)
                ),
            )?;
            n.deleted += 1;
        }
        None => {}
    }
    tx.keep_tombstone(t)
}
