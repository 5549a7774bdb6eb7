//! Update tests of the knowledge-base overlay: searching as you type and linking.

use crate::tui::test_util::prelude::*;

#[test]
fn the_knowledge_base_finds_as_you_type_and_links_to_the_selected_contact() {
    let mut app = test_util::app();
    key(&mut app, KeyCode::Char('5'));
    let contact = app.state.today.contacts[0].id.clone();
    key(&mut app, KeyCode::Char('/'));
    assert!(
        kb_view(&app).hits.len() >= 20,
        "an empty query lists the articles"
    );
    type_text(&mut app, "groot naar beter");
    assert_eq!(kb_view(&app).hits[0].id, "van-groot-naar-beter");
    assert_eq!(
        kb_view(&app)
            .article
            .as_ref()
            .map(|a| a.article.id.as_str()),
        Some("van-groot-naar-beter"),
        "the preview shows the highlighted hit"
    );
    ctrl(&mut app, 'l');
    assert_eq!(
        app.store.linked_article_ids(&contact).unwrap(),
        vec!["van-groot-naar-beter"]
    );
    ctrl(&mut app, 'l');
    assert!(
        app.store.linked_article_ids(&contact).unwrap().is_empty(),
        "the same key unlinks"
    );
    key(&mut app, KeyCode::Esc);
    assert!(app.state.overlay.is_none());
    assert_eq!(app.state.screen, Screen::Main);
}

#[test]
fn the_knowledge_base_opens_from_the_form_without_losing_the_draft() {
    let mut app = test_util::app();
    key(&mut app, KeyCode::Char('n'));
    type_text(&mut app, "huur");
    key(&mut app, KeyCode::Enter);
    ctrl(&mut app, 'k');
    type_text(&mut app, "urgntie");
    let first = kb_view(&app).hits[0].id.clone();
    assert!(first.contains("urgentie"), "{first}");
    key(&mut app, KeyCode::Enter);
    assert!(kb_view(&app).reading.is_some(), "Enter opens the article");
    key(&mut app, KeyCode::Char('l'));
    key(&mut app, KeyCode::Esc);
    assert!(
        kb_view(&app).reading.is_none(),
        "Esc goes back to the results"
    );
    key(&mut app, KeyCode::Esc);
    assert_eq!(app.state.screen, Screen::Form);
    let form = app.state.form.as_ref().unwrap();
    assert_eq!(form.topics, vec!["huur"]);
    assert_eq!(form.articles, vec![first.clone()]);
    key(&mut app, KeyCode::Enter);
    assert_eq!(app.state.screen, Screen::Main);
    let saved = &app.store.list(&crate::store::Filter::default()).unwrap()[0];
    assert_eq!(
        app.store.linked_article_ids(&saved.id).unwrap(),
        vec![first.clone()]
    );
    // editing the contact shows the link, and keeps it when saved again
    key(&mut app, KeyCode::Enter);
    assert_eq!(
        app.state.form.as_ref().unwrap().articles,
        vec![first.clone()]
    );
    key(&mut app, KeyCode::Enter);
    assert_eq!(
        app.store.linked_article_ids(&saved.id).unwrap(),
        vec![first]
    );
}
