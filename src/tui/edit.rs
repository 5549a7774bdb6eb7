//! Editing an article from the desk screen: the loop leaves the screen, this opens the article
//! in the user's editor with the same checks as `balie kb edit` (a mistake reopens the editor
//! with the message; nothing typed is lost), stores the result as the desk's own version, and
//! says what came of it as an action for `update`.

use super::App;
use super::action::{Action, ArticleEdit};
use crate::kb::{self, Saved, edit::Outcome};

/// Edit article `id` in `$VISUAL`/`$EDITOR` while the screen is left; the terminal belongs to
/// the editor until it is closed.
pub fn edit_article(app: &mut App, id: &str) -> Action {
    let outcome = match run(app, id) {
        Ok(o) => o,
        Err(why) => ArticleEdit::Failed(why),
    };
    app.runner.kb_changed();
    Action::ArticleEdited {
        id: id.to_string(),
        outcome,
    }
}

fn run(app: &mut App, id: &str) -> Result<ArticleEdit, String> {
    let stored = kb::get(&app.store, id)
        .map_err(|e| e.to_string())?
        .ok_or_else(|| format!("there is no article `{id}` any more"))?;
    let draft = kb::edit::draft_path(&app.kb_drafts, id);
    let editor = kb::edit::editor_command();
    let file = kb::edit::file_label(id);
    let config = &app.state.config;
    let outcome = kb::edit::edit(
        &stored.article.render(),
        &draft,
        config.lang,
        &editor,
        |path| {
            let status = kb::edit::run_editor(&editor, path)?;
            Ok((!status.success()).then(|| status.to_string()))
        },
        |text| kb::edit::validate(id, &file, text, config),
    )
    .map_err(|e| e.to_string())?;
    Ok(match outcome {
        Outcome::Valid(article) => {
            let volunteer = app.state.volunteer.clone();
            let now = app.state.now;
            match kb::save_edit(&mut app.store, &article, &volunteer, now)
                .map_err(|e| e.to_string())?
            {
                Saved::Version(v) => ArticleEdit::Saved(v),
                Saved::Unchanged => ArticleEdit::Unchanged,
            }
        }
        Outcome::Unchanged => ArticleEdit::Unchanged,
        Outcome::Abandoned { draft, error } => ArticleEdit::Kept {
            error: error.message,
            draft: draft.display().to_string(),
        },
    })
}
