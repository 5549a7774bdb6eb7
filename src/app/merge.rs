//! `balie merge`: add other desks' bundles (from `balie export --bundle`) into this database,
//! every file checked in full first, and demo data never mixed with real data.

use std::io::Write;

use anyhow::Result;

use super::errors::said;
use super::words::data;

use super::progress::{Bar, Work};
use super::words::{say, words};
use super::{Setup, required_who};
use crate::cli::Cli;
use crate::cli::desks::MergeArgs;
use crate::desks::bundle;
use crate::desks::merge;
use crate::i18n::Lang;

/// `balie merge FILE... [--dry-run]`.
pub fn merge(cli: &Cli, args: &MergeArgs, ctx: &Setup, out: &mut dyn Write) -> Result<()> {
    let config = ctx.config(cli)?;
    let mut store = ctx.store(&config)?;
    let by = if args.dry_run {
        String::new()
    } else {
        required_who(cli, &config, &store)?
    };
    let mut bundles = Vec::with_capacity(args.files.len());
    let mut refused = Vec::new();
    for file in &args.files {
        match bundle::read_any(file, &config, &store) {
            Ok(b) => bundles.push(b),
            Err(e) => refused.push(e),
        }
    }
    if !refused.is_empty() {
        let config_path = ctx.config_path.as_ref().filter(|p| p.exists());
        let config_path = config_path.map(|p| p.display().to_string());
        let fine = args.files.len() - refused.len();
        let lines = |lang| data::refused(lang, &refused, config_path.as_deref(), fine);
        // a refusal with no Dutch words (a rarer fault) is said in English, the whole list too
        return Err(match lines(Lang::Nl) {
            Some(_) => said(|l| lines(l).unwrap_or_default()),
            None => anyhow::anyhow!("{}", lines(Lang::En).unwrap_or_default()),
        });
    }
    let becomes_demo = refuse_to_mix_demo(&store, &bundles)?;
    // the desks whose bundle key the merge will trust, from their first signed bundle
    let mut first_keys: Vec<(String, String)> = Vec::new();
    for b in &bundles {
        if let Some(key) = &b.signer {
            for desk in &b.manifest.desks {
                let new = !first_keys.iter().any(|(d, _)| d == desk);
                if new && store.trusted_keys(desk)?.is_empty() {
                    first_keys.push((desk.clone(), key.clone()));
                }
            }
        }
    }
    let counts = if args.dry_run {
        merge::preview(&mut store, &bundles, ctx.now)?
    } else {
        let total = bundles.iter().map(|b| b.contacts.len() as u64).sum();
        let bar = Bar::new(Work::Merge, config.lang, Some(total), false);
        let counts =
            merge::merge_with_progress(&mut store, &bundles, &by, ctx.now, &mut |n| bar.set(n));
        bar.finish();
        let counts = counts?;
        if becomes_demo {
            let files: Vec<_> = bundles
                .iter()
                .map(|b| b.path.display().to_string())
                .collect();
            let mark = format!("demo data merged from {}", files.join(", "));
            store.set_setting(crate::store::Setting::Demo.key(), &mark)?;
        }
        counts
    };
    let mut total = merge::MergeCounts::default();
    for (b, n) in bundles.iter().zip(&counts) {
        let bundle = data::bundle(config.lang, &b.manifest);
        writeln!(out, "{}: {bundle}", b.path.display())?;
        writeln!(out, "  {}", say::merge_counts(config.lang, n))?;
        total += *n;
    }
    for (desk, key) in &first_keys {
        writeln!(
            out,
            "{}",
            say::first_key(config.lang, desk, key, args.dry_run)
        )?;
    }
    let w = words(config.lang);
    let total = say::merge_counts(config.lang, &total);
    if args.dry_run {
        writeln!(out, "{}: {total}", w.would_merge)?;
        writeln!(out, "{}", w.nothing_merged)?;
    } else {
        writeln!(out, "{}: {total}", w.merged)?;
    }
    Ok(())
}

/// Demo contacts never mix with real ones: demo bundles go only into a demo database (or an
/// empty one, which then becomes a demo database: the answer is true), real bundles never
/// into a demo database.
fn refuse_to_mix_demo(store: &crate::store::Store, bundles: &[bundle::Bundle]) -> Result<bool> {
    let demo_here = store.setting(crate::store::Setting::Demo.key())?.is_some();
    let (demo, real): (Vec<_>, Vec<_>) = bundles.iter().partition(|b| b.manifest.demo);
    let names = |list: &[&bundle::Bundle]| {
        list.iter()
            .map(|b| b.path.display().to_string())
            .collect::<Vec<_>>()
            .join(", ")
    };
    if !demo.is_empty() && !real.is_empty() {
        let (demo, real) = (names(&demo), names(&real));
        return Err(said(|l| data::demo_and_real_bundles(l, &demo, &real)));
    }
    if demo_here && !real.is_empty() {
        let real = names(&real);
        return Err(said(|l| data::real_into_demo(l, &real)));
    }
    if !demo_here && !demo.is_empty() {
        if store.count(&crate::store::Filter::default())? > 0 {
            let demo = names(&demo);
            return Err(said(|l| data::demo_into_real(l, &demo)));
        }
        return Ok(true);
    }
    Ok(false)
}
