//! `balie encrypt`, `decrypt`, `passphrase`, `recover`, `pin` and `keys`: the commands that
//! turn encryption at rest on and off, change how it is unlocked, and make the coordinator's
//! key pair for sealed bundles. Secrets are asked on the terminal or read from the files
//! named in `BALIE_*_FILE`; never from the command line.

use std::io::Write;

use anyhow::{Result, bail};

use super::Setup;
use crate::cli::Cli;
use crate::cli::crypt::{KeysArgs, KeysCommand, PinArgs};
use crate::crypt::secret::{self, NEW_PASSPHRASE_FILE_VAR, PASSPHRASE_FILE_VAR};
use crate::crypt::{self, CryptError, DbKey, Kdf, KeyFile, Prompt, convert, pin, prompt, seal};
use crate::desks::bundle::sign;
use crate::i18n::Lang;
use crate::store::DB_FILE;

fn lang(cli: &Cli) -> Lang {
    cli.lang.unwrap_or_default()
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
        writeln!(
            out,
            "The database was already encrypted; {n} plain backup(s) encrypted now."
        )?;
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
    writeln!(
        out,
        "The database is encrypted: {} contact(s), {} article link(s) and {} audit entries \
         carried over and checked; {} backup(s) encrypted. The plain file was overwritten and \
         removed.",
        done.contacts, done.article_links, done.audit_entries, done.backups
    )?;
    show_recovery_key(&key, out)
}

fn show_recovery_key(key: &DbKey, out: &mut dyn Write) -> Result<()> {
    writeln!(out)?;
    writeln!(
        out,
        "RECOVERY KEY - shown only this once. Write it down and keep it in the coordinator's \
         safe:"
    )?;
    writeln!(out)?;
    writeln!(out, "    {}", key.recovery_text().as_str())?;
    writeln!(out)?;
    writeln!(
        out,
        "If the passphrase is lost or the key file balie.key damaged, `balie recover` sets a \
         new passphrase with it. Without both, nobody can read the data."
    )?;
    Ok(())
}

/// `balie decrypt`.
pub fn decrypt(_cli: &Cli, ctx: &Setup, out: &mut dyn Write) -> Result<()> {
    convert::settle(&ctx.data_dir)?;
    if !crypt::is_encrypted(&ctx.data_dir) {
        bail!(convert::ConvertError::NotEncrypted);
    }
    let key = ctx.db_key()?.expect("a key file means a key");
    let done = convert::decrypt(&ctx.data_dir, &key)?;
    writeln!(
        out,
        "The database is no longer encrypted: {} contact(s), {} article link(s) and {} audit \
         entries carried over and checked; {} backup(s) decrypted. The key file was removed.",
        done.contacts, done.article_links, done.audit_entries, done.backups
    )?;
    Ok(())
}

/// `balie passphrase`.
pub fn passphrase(cli: &Cli, ctx: &Setup, out: &mut dyn Write) -> Result<()> {
    convert::settle(&ctx.data_dir)?;
    let key_path = convert::key_path(&ctx.data_dir);
    if !key_path.exists() {
        bail!(
            "the database is not encrypted, so it has no passphrase; `balie encrypt` turns \
             encryption on"
        );
    }
    let file = KeyFile::read(&key_path)?;
    let current = secret::ask(PASSPHRASE_FILE_VAR, prompt(lang(cli), Prompt::Passphrase))?;
    let key = file.unwrap(&current, &key_path)?;
    drop(current);
    let new = secret::ask_new(
        NEW_PASSPHRASE_FILE_VAR,
        prompt(lang(cli), Prompt::NewPassphrase),
        prompt(lang(cli), Prompt::Again),
    )?;
    KeyFile::wrap(&key, &new, file.kdf())?.write(&key_path)?;
    writeln!(
        out,
        "The passphrase was changed. The recovery key stays the same."
    )?;
    Ok(())
}

/// `balie recover`.
pub fn recover(cli: &Cli, ctx: &Setup, out: &mut dyn Write) -> Result<()> {
    convert::settle(&ctx.data_dir)?;
    let db = ctx.data_dir.join(DB_FILE);
    if !db.exists() || convert::is_plain_sqlite(&db) {
        bail!(
            "the database {} is not encrypted; there is nothing to recover",
            db.display()
        );
    }
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
    writeln!(
        out,
        "A new passphrase was set with the recovery key; balie opens with it from now on. The \
         recovery key stays the same."
    )?;
    Ok(())
}

/// `balie pin`.
pub fn pin(cli: &Cli, args: &PinArgs, ctx: &Setup, out: &mut dyn Write) -> Result<()> {
    let store = ctx.store_without_upkeep()?;
    if args.clear {
        pin::clear(&store)?;
        writeln!(
            out,
            "The desk PIN was removed; the passphrase unlocks the screen."
        )?;
        return Ok(());
    }
    let from_file = std::env::var_os(secret::PIN_FILE_VAR).is_some();
    let first = secret::ask(secret::PIN_FILE_VAR, prompt(lang(cli), Prompt::Pin))?;
    if !from_file {
        let again = secret::ask(secret::PIN_FILE_VAR, prompt(lang(cli), Prompt::Again))?;
        if again.as_bytes() != first.as_bytes() {
            bail!("the two PINs differ; nothing was changed. Try again");
        }
    }
    pin::set(&store, &first)?;
    writeln!(
        out,
        "The desk PIN was set. It unlocks the locked desk screen; after {} wrong PINs only the \
         passphrase does.",
        pin::MAX_FAILURES
    )?;
    if !crypt::is_encrypted(&ctx.data_dir) {
        writeln!(
            out,
            "Note: the database is not encrypted; `balie encrypt` protects it when the PC is \
             shared."
        )?;
    }
    Ok(())
}

/// `balie keys`.
pub fn keys(cli: &Cli, args: &KeysArgs, ctx: &Setup, out: &mut dyn Write) -> Result<()> {
    let store = ctx.store_without_upkeep()?;
    match &args.command {
        KeysCommand::Init => {
            let public = seal::init(&store, false)?;
            writeln!(
                out,
                "The bundle key pair was made; its secret half is kept in this database{}.",
                if crypt::is_encrypted(&ctx.data_dir) {
                    " (encrypted)"
                } else {
                    " (encrypt it with `balie encrypt`)"
                }
            )?;
            writeln!(out, "Put these two lines in each desk's config file:")?;
            writeln!(out)?;
            writeln!(out, "[bundles]")?;
            writeln!(out, "recipient = \"{public}\"")?;
        }
        KeysCommand::Show => match seal::recipient(&store)? {
            Some(public) => writeln!(out, "{public}")?,
            None => bail!("this database has no bundle key yet; make one with `balie keys init`"),
        },
        KeysCommand::Signing => writeln!(out, "{}", sign::public_key(&store)?)?,
        KeysCommand::Trusted => {
            let all = store.all_trusted_keys()?;
            if all.is_empty() {
                writeln!(
                    out,
                    "No desk's key is trusted yet: the first signed bundle merged from a desk \
                     makes its key trusted."
                )?;
            }
            for (desk, keys) in all {
                writeln!(out, "{desk}: {}", keys.join(", "))?;
            }
        }
        KeysCommand::Trust { desk, key } => {
            let Some(parsed) = sign::parse_public(key) else {
                bail!(
                    "`{key}` is not a bundle signing key (`ed25519:` and 64 hex digits); copy \
                     the line `balie keys signing` prints at the desk"
                );
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
                writeln!(
                    out,
                    "Bundles of desk `{desk}` signed by {key} are trusted now."
                )?;
            } else {
                writeln!(out, "{key} was trusted for desk `{desk}` already.")?;
            }
        }
    }
    Ok(())
}
