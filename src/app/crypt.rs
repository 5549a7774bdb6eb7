//! `balie encrypt`, `decrypt`, `passphrase`, `recover`, `pin` and `keys`: the commands that
//! turn encryption at rest on and off, change how it is unlocked, and make the coordinator's
//! key pair for sealed bundles. Secrets are asked on the terminal or read from the files
//! named in `BALIE_*_FILE`; never from the command line.

use std::io::Write;

use anyhow::{Result, bail};

use super::Setup;
use super::errors::said;
use super::words::data as words;
use crate::cli::Cli;
use crate::cli::crypt::{KeysArgs, KeysCommand, PinArgs};
use crate::crypt::secret::{self, NEW_PASSPHRASE_FILE_VAR, PASSPHRASE_FILE_VAR};
use crate::crypt::{self, CryptError, DbKey, Kdf, KeyFile, Prompt, convert, pin, prompt, seal};
use crate::desks::bundle::sign;
use crate::i18n::Lang;
use crate::store::DB_FILE;

/// The language of these commands: `--lang`, else the config's (a broken config is no
/// reason not to unlock or convert), else Dutch.
fn lang(cli: &Cli) -> Lang {
    super::language(cli)
}

/// `balie encrypt`.
pub fn encrypt(cli: &Cli, ctx: &Setup, out: &mut dyn Write) -> Result<()> {
    convert::settle(&ctx.data_dir)?;
    if crypt::is_encrypted(&ctx.data_dir) {
        // Finish what an interrupted `encrypt` left: backups still plain.
        let key = ctx.db_key()?.expect("a key file means a key");
        let n = convert::encrypt_backups(&ctx.data_dir, &key)?;
        if n == 0 {
            bail!(convert::ConvertError::AlreadyEncrypted);
        }
        writeln!(out, "{}", words::already_encrypted_backups(lang(cli), n))?;
        return Ok(());
    }
    let var = if std::env::var_os(NEW_PASSPHRASE_FILE_VAR).is_some() {
        NEW_PASSPHRASE_FILE_VAR
    } else {
        PASSPHRASE_FILE_VAR
    };
    let passphrase = secret::ask_new(
        var,
        prompt(lang(cli), Prompt::NewPassphrase),
        prompt(lang(cli), Prompt::Again),
    )?;
    let (key, done) = convert::encrypt(&ctx.data_dir, &passphrase, Kdf::default())?;
    writeln!(out, "{}", words::encrypted(lang(cli), &done))?;
    show_recovery_key(&key, lang(cli), out)
}

fn show_recovery_key(key: &DbKey, lang: Lang, out: &mut dyn Write) -> Result<()> {
    let (above, below) = words::recovery_key(lang);
    writeln!(out)?;
    writeln!(out, "{above}")?;
    writeln!(out)?;
    writeln!(out, "    {}", key.recovery_text().as_str())?;
    writeln!(out)?;
    writeln!(out, "{below}")?;
    Ok(())
}

/// `balie decrypt`.
pub fn decrypt(cli: &Cli, ctx: &Setup, out: &mut dyn Write) -> Result<()> {
    convert::settle(&ctx.data_dir)?;
    if !crypt::is_encrypted(&ctx.data_dir) {
        bail!(convert::ConvertError::NotEncrypted);
    }
    let key = ctx.db_key()?.expect("a key file means a key");
    let done = convert::decrypt(&ctx.data_dir, &key)?;
    writeln!(out, "{}", words::decrypted(lang(cli), &done))?;
    Ok(())
}

/// `balie passphrase`.
pub fn passphrase(cli: &Cli, ctx: &Setup, out: &mut dyn Write) -> Result<()> {
    convert::settle(&ctx.data_dir)?;
    let key_path = convert::key_path(&ctx.data_dir);
    if !key_path.exists() {
        return Err(said(words::no_passphrase));
    }
    let file = KeyFile::read(&key_path)?;
    // echo off from the first prompt to the last (the old passphrase is checked in between)
    let _quiet = secret::NoEcho::new();
    let current = secret::ask(PASSPHRASE_FILE_VAR, prompt(lang(cli), Prompt::Passphrase))?;
    let key = file.unwrap(&current, &key_path)?;
    drop(current);
    let new = secret::ask_new(
        NEW_PASSPHRASE_FILE_VAR,
        prompt(lang(cli), Prompt::NewPassphrase),
        prompt(lang(cli), Prompt::Again),
    )?;
    KeyFile::wrap(&key, &new, file.kdf())?.write(&key_path)?;
    writeln!(out, "{}", words::passphrase_changed(lang(cli)))?;
    Ok(())
}

/// `balie recover`.
pub fn recover(cli: &Cli, ctx: &Setup, out: &mut dyn Write) -> Result<()> {
    convert::settle(&ctx.data_dir)?;
    let db = ctx.data_dir.join(DB_FILE);
    if !db.exists() || convert::is_plain_sqlite(&db) {
        return Err(said(|l| words::nothing_to_recover(l, &db.display())));
    }
    let _quiet = secret::NoEcho::new();
    let typed = secret::ask(
        secret::RECOVERY_KEY_FILE_VAR,
        prompt(lang(cli), Prompt::RecoveryKey),
    )?;
    let key = DbKey::from_recovery_text(typed.as_str())
        .ok_or_else(|| CryptError::WrongRecoveryKey(db.clone()))?;
    drop(typed);
    if !crypt::opens(&db, &key) {
        bail!(CryptError::WrongRecoveryKey(db));
    }
    let new = secret::ask_new(
        NEW_PASSPHRASE_FILE_VAR,
        prompt(lang(cli), Prompt::NewPassphrase),
        prompt(lang(cli), Prompt::Again),
    )?;
    let kdf = KeyFile::read(&convert::key_path(&ctx.data_dir)).map_or(Kdf::default(), |f| f.kdf());
    KeyFile::wrap(&key, &new, kdf)?.write(&convert::key_path(&ctx.data_dir))?;
    writeln!(out, "{}", words::recovered(lang(cli)))?;
    Ok(())
}

/// `balie pin`.
pub fn pin(cli: &Cli, args: &PinArgs, ctx: &Setup, out: &mut dyn Write) -> Result<()> {
    let store = ctx.store_without_upkeep()?;
    if args.clear {
        pin::clear(&store)?;
        writeln!(out, "{}", words::pin_removed(lang(cli)))?;
        return Ok(());
    }
    let from_file = std::env::var_os(secret::PIN_FILE_VAR).is_some();
    let _quiet = secret::NoEcho::new();
    let first = secret::ask(secret::PIN_FILE_VAR, prompt(lang(cli), Prompt::Pin))?;
    if !from_file {
        let again = secret::ask(secret::PIN_FILE_VAR, prompt(lang(cli), Prompt::Again))?;
        if again.as_bytes() != first.as_bytes() {
            return Err(said(words::pins_differ));
        }
    }
    pin::set(&store, &first)?;
    writeln!(out, "{}", words::pin_set(lang(cli), pin::MAX_FAILURES))?;
    if !crypt::is_encrypted(&ctx.data_dir) {
        writeln!(out, "{}", words::pin_but_plain(lang(cli)))?;
    }
    Ok(())
}

/// `balie keys`.
pub fn keys(cli: &Cli, args: &KeysArgs, ctx: &Setup, out: &mut dyn Write) -> Result<()> {
    let store = ctx.store_without_upkeep()?;
    match &args.command {
        KeysCommand::Init => {
            let public = seal::init(&store, false)?;
            let encrypted = crypt::is_encrypted(&ctx.data_dir);
            writeln!(out, "{}", words::key_pair_made(lang(cli), encrypted))?;
            writeln!(out, "{}", words::put_in_config(lang(cli)))?;
            writeln!(out)?;
            writeln!(out, "[bundles]")?;
            writeln!(out, "recipient = \"{public}\"")?;
        }
        KeysCommand::Show => match seal::recipient(&store)? {
            Some(public) => writeln!(out, "{public}")?,
            None => return Err(said(words::no_bundle_key)),
        },
        KeysCommand::Signing => writeln!(out, "{}", sign::public_key(&store)?)?,
        KeysCommand::Trusted => {
            let all = store.all_trusted_keys()?;
            if all.is_empty() {
                writeln!(out, "{}", words::none_trusted(lang(cli)))?;
            }
            for (desk, keys) in all {
                writeln!(out, "{desk}: {}", keys.join(", "))?;
            }
        }
        KeysCommand::Trust { desk, key } => {
            let Some(parsed) = sign::parse_public(key) else {
                return Err(said(|l| words::not_a_signing_key(l, key)));
            };
            let config = ctx.config(cli)?;
            let by = super::required_who(cli, &config, &store)?;
            let key = sign::public_text(&parsed);
            if store.trust_key(desk, &key)? {
                store.audit(
                    ctx.now,
                    &by,
                    crate::store::audit::AuditKind::BundleKey,
                    &[],
                    &format!("trusted {key} for desk {desk}, given by hand"),
                )?;
                writeln!(out, "{}", words::trusted_now(lang(cli), desk, &key))?;
            } else {
                writeln!(out, "{}", words::trusted_already(lang(cli), desk, &key))?;
            }
        }
    }
    Ok(())
}
