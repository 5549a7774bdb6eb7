//! End-to-end: the line-editing keys every text field shares (Ctrl-W, Alt-Backspace, Ctrl-U,
//! Ctrl-A/E, Ctrl-←) typed into the real binary in a pseudo-terminal, in the form's topic
//! search and note, the signal and the knowledge-base search; a phrase typed in the topic
//! search and picked with Enter. What was saved is read back from the database.

mod support;

use support::at_desk;
use tempfile::TempDir;

const TAB: &str = "\t";
const ENTER: &str = "\r";
const CTRL_A: &str = "\x01";
const CTRL_E: &str = "\x05";
const CTRL_K: &str = "\x0b";
const CTRL_L: &str = "\x0c";
const CTRL_U: &str = "\x15";
const CTRL_W: &str = "\x17";
const ALT_BACKSPACE: &str = "\x1b\x7f";
const CTRL_LEFT: &str = "\x1b[1;5D";
const ESC: &str = "\x1b";

fn stored(home: &TempDir) -> (balie::store::Store, Vec<balie::domain::Contact>) {
    let store = balie::store::Store::open_dir(&home.path().join("data")).unwrap();
    let contacts = store.list(&balie::store::Filter::default()).unwrap();
    (store, contacts)
}

#[test]
fn ctrl_w_alt_backspace_and_ctrl_u_edit_the_form_and_the_knowledge_base_search() {
    let home = TempDir::new().unwrap();
    let mut tui = at_desk(&home);
    tui.send_then("n", "Nieuw contact");
    tui.wait_for("Ctrl-U wis tot de cursor");
    // the topic search: a word off, then all of it
    tui.send_then("schimmel xyz", "schimmel xyz");
    tui.send(CTRL_W);
    tui.send_then("in", "Onderwerpen           schimmel in");
    tui.send(CTRL_U);
    tui.send_then("onderh", "Onderwerpen           onderh");
    tui.send_then(ENTER, "[Onderhoud"); // picked: the chip shows
    // the note, six fields on
    tui.send(&TAB.repeat(6));
    tui.send_then("lekkage in de badkamer", "lekkage in de badkamer");
    tui.send(CTRL_W);
    tui.send_then("keuken", "lekkage in de keuken");
    // a word back, everything before it gone, then to the end
    tui.send(CTRL_LEFT);
    tui.send(CTRL_U);
    tui.send_then("de ", "Notitie               de keuken");
    tui.send(CTRL_E);
    tui.send_then(" lekt", "de keuken lekt");
    tui.send(CTRL_A);
    tui.send_then("in ", "Notitie               in de keuken lekt");
    // the signal, the last field: Alt-Backspace takes the word before the cursor
    tui.send(&TAB.repeat(7));
    tui.send_then("Flat A/B lekt", "Flat A/B lekt");
    tui.send(ALT_BACKSPACE);
    tui.send_then("C", "Flat A/B C");
    // the knowledge-base search, from the form with Ctrl-K
    tui.send_then(CTRL_K, "koppelen aan het nieuwe contact");
    tui.send_then("huur foo", "› huur foo");
    tui.send(CTRL_W);
    tui.send_then("bar", "› huur bar");
    tui.send(CTRL_U);
    tui.send_then("groot naar beter", "Feiten uit 2014");
    tui.wait_for("› groot naar beter");
    tui.send_then(CTRL_L, "Gekoppeld aan dit contact: Van groot naar beter");
    tui.send_then(ESC, "Nieuw contact");
    tui.send_then(ENTER, "Opgeslagen, 10:42: Onderhoud en gebreken");
    tui.send("q");
    assert_eq!(tui.wait_exit(), 0);

    let (store, contacts) = stored(&home);
    let [c] = contacts.as_slice() else {
        panic!("one contact: {contacts:?}");
    };
    assert_eq!(c.topics, vec!["onderhoud"]);
    assert_eq!(c.note, "in de keuken lekt");
    assert_eq!(c.signal.as_deref(), Some("Flat A/B C"));
    assert_eq!(
        store.linked_article_ids(&c.id).unwrap(),
        vec!["van-groot-naar-beter"]
    );
}

/// A phrase in the topic search is typed whole (a space is a space) and Enter picks the
/// topic that has it; a second Enter saves.
#[test]
fn a_phrase_typed_in_the_topic_search_is_picked_with_enter() {
    let home = TempDir::new().unwrap();
    let mut tui = at_desk(&home);
    tui.send_then("n", "Nieuw contact");
    tui.wait_for("Enter kies onderwerp/opslaan");
    tui.send_then("van groot naar", "Onderwerpen           van groot naar");
    tui.wait_for("▸ Woning zoeken en urgentie");
    tui.send_then(ENTER, "[Woning");
    tui.send_then(ENTER, "Opgeslagen, 10:42: Woning zoeken");
    tui.send("q");
    assert_eq!(tui.wait_exit(), 0);

    let (_, contacts) = stored(&home);
    let [c] = contacts.as_slice() else {
        panic!("one contact: {contacts:?}");
    };
    assert_eq!(c.topics, vec!["woningzoeken"], "one topic, the right one");
}
