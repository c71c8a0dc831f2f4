// THE list of the commands the UI may call: the one place a command is declared. It is not a
// module: `commands/mod.rs` and `build.rs` both `include!` it (build.rs needs the names before the
// crate exists), so it holds only this macro. From it come:
//   strata_commands!(names)      the names, for tauri-build's AppManifest (build.rs)
//   strata_commands!(handler)    the `tauri::generate_handler!` list (`commands::handler`)
//   strata_commands!(typescript) the TypeScript table in ui/src/bindings/index.ts (bindings.rs)
//   strata_commands!(signatures) a compile-time check that each line matches its function
// (Only build.rs and commands/mod.rs expand it: its arms call it again by name.)
// Adding a command: write its function in commands/<area>.rs, add its line here, and add
// `allow-<name-with-dashes>` to capabilities/main-window.json (a test checks the two agree).
//
// A line reads `area::name(injected; ipc_arg: Type, ...) -> Value;`, with `.await` before `->`
// for an async command. `injected` are the parameters Tauri fills in, by role: `app` (AppHandle),
// `state` (State<AppState>), `domain` (State<Domain>). The IPC arguments follow, with their Rust
// names (the UI passes them in camelCase). `Value` is what the UI's promise resolves to: `T` for
// a command returning `T` or `Result<T, IpcError>`.
macro_rules! strata_commands {
    ($mode:ident) => {
        strata_commands! { @$mode
            app::app_info(app, state) -> AppInfo;
            app::recent_logs(state) -> Vec<LogLine>;
            app::open_devtools(app) -> ();
            settings::get_settings(app, domain).await -> SettingsSnapshot;
            settings::update_settings(app, domain; settings: Settings).await -> SettingsSnapshot;
            settings::aws_options().await -> AwsOptions;
            models::list_models(app, domain; refresh: bool).await -> ModelList;
            models::refresh_models(app, domain).await -> ModelList;
            chat::start_chat(app, domain; request: ChatRequest, on_event: Channel<ChatEvent>).await -> String;
            chat::cancel_chat(app, domain; request_id: String) -> bool;
            chat::chat_features(app, domain; entry_id: String).await -> ChatFeatures;
            chat::list_conversations(app, domain).await -> Vec<Conversation>;
            chat::save_conversation(app, domain; conversation: Conversation).await -> ();
            chat::delete_conversation(app, domain; id: String).await -> bool;
            chat::usage_totals(app, domain; tag_key: Option<String>).await -> UsageSummary;
            profiles::list_profiles(app, domain; all_regions: bool).await -> Vec<RegionProfiles>;
            profiles::profile_sources(app, domain).await -> Vec<ProfileSource>;
            profiles::create_profile(app, domain; draft: ProfileDraft, client_request_token: String).await -> Profile;
            profiles::tag_profile(app, domain; arn: String, tags: Vec<Tag>).await -> Profile;
            profiles::untag_profile(app, domain; arn: String, tag_keys: Vec<String>).await -> Profile;
            profiles::delete_profile(app, domain; arn: String).await -> ();
            profiles::profile_use(app, domain; arn: String).await -> ProfileUse;
            costs::costs_report(app, domain; query: CostQuery).await -> CostReport;
            costs::export_costs_csv(app, domain; query: CostQuery).await -> CsvExport;
            costs::costs_identity(app, domain).await -> CallerIdentity;
            costs::cost_tags(app, domain).await -> Vec<TagActivation>;
            costs::activate_cost_tags(app, domain; keys: Vec<String>).await -> Vec<TagActivation>;
            costs::list_alerts(app, domain).await -> Vec<Alert>;
            costs::create_budget(app, domain; draft: BudgetDraft).await -> Alert;
            costs::create_billing_alarm(app, domain; draft: BillingAlarmDraft).await -> Alert;
            costs::delete_alert(app, domain; name: String).await -> Alert;
            costs::refresh_prices(app, domain).await -> PriceListRefresh;
            doctor::run_doctor(app, domain; request: DoctorRequest, on_event: Channel<DoctorEvent>).await -> DoctorReport;
        }
    };

    (@names $( $area:ident :: $name:ident ( $($inject:ident),* $(; $($arg:ident : $ty:ty),* )? ) $(. $await:ident)? -> $ret:ty; )*) => {
        &[ $( stringify!($name) ),* ]
    };

    (@handler $( $area:ident :: $name:ident ( $($inject:ident),* $(; $($arg:ident : $ty:ty),* )? ) $(. $await:ident)? -> $ret:ty; )*) => {
        ::tauri::generate_handler![ $( crate::commands::$area::$name ),* ]
    };

    (@typescript $( $area:ident :: $name:ident ( $($inject:ident),* $(; $($arg:ident : $ty:ty),* )? ) $(. $await:ident)? -> $ret:ty; )*) => {
        |cfg: &::ts_rs::Config| -> Vec<crate::commands::CommandTs> {
            use crate::commands::{ArgTs as _, ChannelTs as _};
            vec![ $( crate::commands::CommandTs {
                name: stringify!($name),
                args: vec![ $( $( (stringify!($arg), (&crate::commands::Probe::<$ty>::new()).ts(cfg)) ),* )? ],
                value: crate::commands::value_ts::<$ret>(cfg),
            } ),* ]
        }
    };

    (@signatures $( $area:ident :: $name:ident ( $($inject:ident),* $(; $($arg:ident : $ty:ty),* )? ) $(. $await:ident)? -> $ret:ty; )*) => {
        // Never called: it only has to compile. Each call passes values of the types the line
        // names, in its order, and requires the result to resolve to the line's value type.
        #[allow(dead_code)]
        async fn _signatures<R: ::tauri::Runtime>() {
            use crate::commands::placeholder as any;
            $(
                crate::commands::resolves::<$ret, _>(
                    crate::commands::$area::$name(
                        $( strata_commands!(@inject R $inject), )*
                        $( $( any::<$ty>(), )* )?
                    ) $(. $await)?
                );
            )*
        }
    };

    (@inject $r:ident app) => { any::<::tauri::AppHandle<$r>>() };
    (@inject $r:ident state) => { any::<::tauri::State<'_, crate::state::AppState>>() };
    (@inject $r:ident domain) => { any::<::tauri::State<'_, crate::state::Domain<$r>>>() };
}
