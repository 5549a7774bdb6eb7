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
    let config = &app.state.config;
    // the mistake is shown in the file itself when the editor opens again
    let outcome = kb::edit::edit_in_editor(
        &stored.article.render(),
        &draft,
        config.lang,
        id,
        config,
        |_| {},
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
            error: error.problem.say(config.lang),
            draft: draft.display().to_string(),
        },
    })
}
