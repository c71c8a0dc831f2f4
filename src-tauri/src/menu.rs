//! The window menu: File (Settings, Quit), View (Developer Tools, F12), Help (About).
//! Items that belong to the UI are broadcast as `AppEvent::Menu`.

use tauri::menu::{Menu, MenuBuilder, MenuEvent, MenuItemBuilder, SubmenuBuilder};
use tauri::{AppHandle, Emitter, Manager, Runtime};

use crate::events::{AppEvent, MenuAction, APP_EVENT};

const SETTINGS: &str = "settings";
const QUIT: &str = "quit";
const DEVTOOLS: &str = "devtools";
const ABOUT: &str = "about";

/// Builds the menu bar.
pub(crate) fn build<R: Runtime>(app: &AppHandle<R>) -> tauri::Result<Menu<R>> {
    let settings = MenuItemBuilder::with_id(SETTINGS, "Settings…")
        .accelerator("CmdOrCtrl+,")
        .build(app)?;
    let quit = MenuItemBuilder::with_id(QUIT, "Quit Strata")
        .accelerator("CmdOrCtrl+Q")
        .build(app)?;
    let devtools = MenuItemBuilder::with_id(DEVTOOLS, "Developer Tools")
        .accelerator("F12")
        .build(app)?;
    let about = MenuItemBuilder::with_id(ABOUT, "About Strata").build(app)?;

    let file = SubmenuBuilder::new(app, "File")
        .item(&settings)
        .separator()
        .item(&quit)
        .build()?;
    let view = SubmenuBuilder::new(app, "View").item(&devtools).build()?;
    let help = SubmenuBuilder::new(app, "Help").item(&about).build()?;
    MenuBuilder::new(app).items(&[&file, &view, &help]).build()
}

/// Acts on a chosen menu item.
pub(crate) fn on_event<R: Runtime>(app: &AppHandle<R>, event: MenuEvent) {
    let id = event.id().as_ref();
    tracing::debug!(target: "app", item = id, "menu item chosen");
    let result = match id {
        SETTINGS => app.emit(
            APP_EVENT,
            AppEvent::Menu {
                action: MenuAction::Settings,
            },
        ),
        ABOUT => app.emit(
            APP_EVENT,
            AppEvent::Menu {
                action: MenuAction::About,
            },
        ),
        DEVTOOLS => {
            crate::commands::app::show_devtools(app);
            Ok(())
        }
        QUIT => {
            app.exit(0);
            Ok(())
        }
        _ => Ok(()),
    };
    if let Err(e) = result {
        tracing::warn!(target: "app", item = id, error = %e, "menu action failed");
    }
}

/// The main window, where the menu's actions land.
pub(crate) fn main_window<R: Runtime>(app: &AppHandle<R>) -> Option<tauri::WebviewWindow<R>> {
    app.get_webview_window("main")
}
