//! `strata profiles` as a script runs it: real `strata-cli` processes against the Bedrock
//! emulator (static credentials from the environment, `--endpoint-url`), with the emulator's
//! request log as the witness of what was (and was not) sent.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use bedrock_emulator::{Emulator, EmulatorConfig, EmulatorHandle, Seed};
use serde_json::Value;

const REGION: &str = "ap-northeast-1";
const HAIKU: &str = "anthropic.claude-3-haiku-20240307-v1:0";
const SONNET_ARN: &str =
    "arn:aws:bedrock:ap-northeast-1::foundation-model/anthropic.claude-3-5-sonnet-20240620-v1:0";
/// What the guide's prod-claude-sonnet copies in the demo seed: the Japan profile of Claude Sonnet 4.5.
const PROD_SOURCE: &str = "jp.anthropic.claude-sonnet-4-5-20250929-v1:0";
const HAIKU_ARN: &str =
    "arn:aws:bedrock:ap-northeast-1::foundation-model/anthropic.claude-3-haiku-20240307-v1:0";

/// The calls that change something in Bedrock.
const MUTATING: [&str; 4] = [
    "CreateInferenceProfile",
    "DeleteInferenceProfile",
    "TagResource",
    "UntagResource",
];

/// In the emulator's demo seed (and in docs/profiles.example.json), in creation order.
const GUIDE_PROFILES: [&str; 5] = [
    "custom-bedrock-profile",
    "project-alpha-claude-sonnet",
    "marketing-team-claude-haiku",
    "dev-claude-haiku",
    "prod-claude-sonnet",
];

/// A fresh HOME with no AWS files, and the emulator on a free loopback port.
struct World {
    home: tempfile::TempDir,
    emulator: Option<EmulatorHandle>,
    runtime: tokio::runtime::Runtime,
}

impl World {
    fn new(seed: Seed) -> Self {
        let runtime = tokio::runtime::Runtime::new().unwrap();
        let emulator = runtime
            .block_on(Emulator::start(EmulatorConfig::for_tests(seed)))
            .unwrap();
        Self {
            home: tempfile::tempdir().unwrap(),
            emulator: Some(emulator),
            runtime,
        }
    }

    fn emulator(&self) -> &EmulatorHandle {
        self.emulator.as_ref().unwrap()
    }

    /// A file in the temporary HOME.
    fn write(&self, relative: &str, text: &str) -> PathBuf {
        let path = self.home.path().join(relative);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(&path, text).unwrap();
        path
    }

    /// `strata ARGS` with static credentials, the emulator's endpoint and ap-northeast-1, and
    /// nothing else from the machine running the tests.
    fn strata(&self, args: &[&str]) -> Output {
        let endpoint = self.emulator().endpoint();
        let home = self.home.path();
        Command::new(env!("CARGO_BIN_EXE_strata-cli"))
            .args(args)
            .args(["--endpoint-url", endpoint.as_str(), "--region", REGION])
            .env_clear()
            .env("HOME", home)
            .env("PATH", std::env::var_os("PATH").unwrap_or_default())
            .env("AWS_CONFIG_FILE", home.join(".aws/config"))
            .env("AWS_SHARED_CREDENTIALS_FILE", home.join(".aws/credentials"))
            .env("AWS_ACCESS_KEY_ID", "AKIAEXAMPLEEXAMPLE00")
            .env("AWS_SECRET_ACCESS_KEY", "not-a-real-secret")
            .output()
            .unwrap()
    }

    /// The operations the emulator answered, in order.
    fn operations(&self) -> Vec<String> {
        self.emulator()
            .requests()
            .into_iter()
            .map(|r| r.operation)
            .collect()
    }

    fn mutating_calls(&self) -> Vec<String> {
        self.operations()
            .into_iter()
            .filter(|op| MUTATING.contains(&op.as_str()))
            .collect()
    }

    /// `list --type-equals APPLICATION --json`: name → summary.
    fn application_profiles(&self) -> Vec<Value> {
        let v =
            json_ok(&self.strata(&["profiles", "list", "--type-equals", "APPLICATION", "--json"]));
        v["inferenceProfileSummaries"].as_array().unwrap().clone()
    }

    fn profile_names(&self) -> Vec<String> {
        let mut names: Vec<String> = self
            .application_profiles()
            .iter()
            .map(|p| p["inferenceProfileName"].as_str().unwrap().to_owned())
            .collect();
        names.sort();
        names
    }

    /// The tags of the profile named `name`, through `get` (the text output).
    fn tags_line(&self, name: &str) -> String {
        let out = self.strata(&["profiles", "get", "--inference-profile-identifier", name]);
        let text = ok(&out);
        text.lines()
            .find(|l| l.starts_with("Tags:"))
            .unwrap_or_else(|| panic!("no Tags line in {text}"))
            .to_owned()
    }
}

impl Drop for World {
    fn drop(&mut self) {
        if let Some(handle) = self.emulator.take() {
            self.runtime.block_on(handle.shutdown());
        }
    }
}

fn stderr(out: &Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

fn ok(out: &Output) -> String {
    assert!(
        out.status.success(),
        "exit {:?}\nstdout: {}\nstderr: {}",
        out.status,
        String::from_utf8_lossy(&out.stdout),
        stderr(out)
    );
    String::from_utf8(out.stdout.clone()).unwrap()
}

fn json_ok(out: &Output) -> Value {
    serde_json::from_str(&ok(out)).unwrap()
}

/// Exits with `code` and prints nothing on stdout; returns stderr.
fn fails(out: &Output, code: i32) -> String {
    assert_eq!(
        out.status.code(),
        Some(code),
        "stdout: {}\nstderr: {}",
        String::from_utf8_lossy(&out.stdout),
        stderr(out)
    );
    assert!(
        out.stdout.is_empty(),
        "{}",
        String::from_utf8_lossy(&out.stdout)
    );
    stderr(out)
}

/// The member names of a printed JSON object in the order printed (serde_json's `Value`
/// sorts them), checked against the whole object's member set.
fn keys(text: &str) -> Vec<String> {
    let v: Value = serde_json::from_str(text).unwrap();
    let object = v.as_object().unwrap();
    let mut found: Vec<(usize, String)> = object
        .keys()
        .map(|k| (text.find(&format!("\n    \"{k}\": ")).unwrap(), k.clone()))
        .collect();
    found.sort();
    found.into_iter().map(|(_, k)| k).collect()
}

/// The tags of a `Tags:` line, as a set.
fn tag_set(line: &str) -> std::collections::BTreeSet<String> {
    line.trim_start_matches("Tags:")
        .split(", ")
        .map(|t| t.trim().to_owned())
        .collect()
}

fn example(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../../docs")
        .join(name)
}

#[test]
fn list_prints_the_guides_profiles_as_the_aws_cli_does() {
    let world = World::new(Seed::Demo);
    let out = world.strata(&["profiles", "list", "--type-equals", "APPLICATION", "--json"]);
    let text = ok(&out);
    // The AWS CLI's layout: 4-space indents, members in the model's order.
    assert!(text.starts_with("{\n    \"inferenceProfileSummaries\": [\n        {\n            \"inferenceProfileName\": "), "{text}");
    let v: Value = serde_json::from_str(&text).unwrap();
    let summaries = v["inferenceProfileSummaries"].as_array().unwrap();
    let names: Vec<&str> = summaries
        .iter()
        .map(|p| p["inferenceProfileName"].as_str().unwrap())
        .collect();
    let mut sorted = names.clone();
    sorted.sort_unstable();
    let mut expected = GUIDE_PROFILES.to_vec();
    expected.sort_unstable();
    assert_eq!(sorted, expected);
    let alpha = summaries
        .iter()
        .find(|p| p["inferenceProfileName"] == "project-alpha-claude-sonnet")
        .unwrap();
    assert_eq!(alpha["type"], "APPLICATION");
    assert_eq!(alpha["status"], "ACTIVE");
    assert_eq!(alpha["models"][0]["modelArn"], SONNET_ARN);
    assert!(alpha.get("tags").is_none(), "the AWS shape has no tags");

    // The table shows the tags too.
    let table = ok(&world.strata(&["profiles", "list", "--type-equals", "APPLICATION"]));
    let lines: Vec<&str> = table.lines().collect();
    assert!(
        lines[0].starts_with("# ap-northeast-1 · 5 profiles"),
        "{table}"
    );
    assert!(lines[1].starts_with("NAME"), "{table}");
    let alpha_line = lines
        .iter()
        .find(|l| l.starts_with("project-alpha-claude-sonnet"))
        .unwrap();
    assert!(alpha_line.contains("Project=Alpha"), "{alpha_line}");
    assert!(
        alpha_line.contains("anthropic.claude-3-5-sonnet-20240620-v1:0"),
        "{alpha_line}"
    );
}

#[test]
fn list_without_a_type_lists_system_profiles_as_aws_does() {
    let world = World::new(Seed::Demo);
    let v = json_ok(&world.strata(&["profiles", "list", "--json"]));
    let summaries = v["inferenceProfileSummaries"].as_array().unwrap();
    assert!(!summaries.is_empty());
    assert!(
        summaries.iter().all(|p| p["type"] == "SYSTEM_DEFINED"),
        "{v}"
    );
}

#[test]
fn list_across_regions_asks_each_region() {
    let world = World::new(Seed::Demo);
    let out = world.strata(&[
        "profiles",
        "list",
        "--type-equals",
        "APPLICATION",
        "--all-regions",
    ]);
    let table = ok(&out);
    assert!(table.contains("REGION"), "{table}");
    let alpha = table
        .lines()
        .find(|l| l.contains("project-alpha-claude-sonnet"))
        .unwrap();
    assert!(alpha.starts_with("ap-northeast-1"), "{alpha}");
    let regions: std::collections::BTreeSet<String> = world
        .emulator()
        .requests()
        .into_iter()
        .filter(|r| r.operation == "ListInferenceProfiles")
        .map(|r| r.region)
        .collect();
    assert!(
        regions.contains("ap-northeast-1") && regions.contains("us-east-1"),
        "{regions:?}"
    );
}

#[test]
fn get_takes_a_name_an_id_or_an_arn_and_prints_the_aws_shape() {
    let world = World::new(Seed::Demo);
    let printed = ok(&world.strata(&[
        "profiles",
        "get",
        "--inference-profile-identifier",
        "dev-claude-haiku",
        "--json",
    ]));
    let by_name: Value = serde_json::from_str(&printed).unwrap();
    assert_eq!(
        keys(&printed),
        [
            "inferenceProfileName",
            "description",
            "createdAt",
            "updatedAt",
            "inferenceProfileArn",
            "models",
            "inferenceProfileId",
            "status",
            "type"
        ]
    );
    assert_eq!(by_name["models"][0]["modelArn"], HAIKU_ARN);
    let arn = by_name["inferenceProfileArn"].as_str().unwrap();
    let id = by_name["inferenceProfileId"].as_str().unwrap();
    for identifier in [arn, id] {
        let again = json_ok(&world.strata(&[
            "profiles",
            "get",
            "--inference-profile-identifier",
            identifier,
            "--json",
        ]));
        assert_eq!(again, by_name);
    }
    let text = ok(&world.strata(&["profiles", "get", "--inference-profile-identifier", id]));
    assert!(text.contains(&format!("ARN:         {arn}")), "{text}");
    assert!(text.contains("Environment=Development"), "{text}");
    assert!(text.contains("CostOptimized=true"), "{text}");

    let missing = world.strata(&[
        "profiles",
        "get",
        "--inference-profile-identifier",
        "no-such-profile",
    ]);
    let err = fails(&missing, 1);
    assert!(
        err.contains("error: No application inference profile is named \"no-such-profile\""),
        "{err}"
    );
    assert!(err.contains("\nhint: "), "{err}");
}

/// The user guide's `aws bedrock create-inference-profile` lines with `strata profiles create`.
fn guide_create(name: &str, description: &str, source_arn: &str, tags: &str) -> Vec<String> {
    [
        "profiles",
        "create",
        "--inference-profile-name",
        name,
        "--description",
        description,
        "--model-source",
        &format!("{{\"copyFrom\":\"{source_arn}\"}}"),
        "--tags",
        tags,
    ]
    .iter()
    .map(|s| (*s).to_owned())
    .collect()
}

fn args(list: &[String]) -> Vec<&str> {
    list.iter().map(String::as_str).collect()
}

#[test]
fn the_guides_invalid_descriptions_are_refused_before_any_request_and_the_valid_ones_created() {
    let world = World::new(Seed::Empty);
    let alpha_tags =
        r#"[{"key":"Project","value":"Alpha"},{"key":"Department","value":"Engineering"}]"#;
    let marketing_tags = r#"[{"key":"Department","value":"Marketing"},{"key":"UseCase","value":"ContentGeneration"}]"#;
    let guide = [
        (
            "project-alpha-claude-sonnet",
            "Project Alpha - Claude 3.5 Sonnet",
            "character 15",
            "Project Alpha: Claude 3.5 Sonnet",
            SONNET_ARN,
            alpha_tags,
        ),
        (
            "marketing-team-claude-haiku",
            "Marketing Team - Claude 3 Haiku",
            "character 16",
            "Marketing Team: Claude 3 Haiku",
            HAIKU_ARN,
            marketing_tags,
        ),
    ];
    for (name, description, position, suggestion, source, tags) in guide {
        let out = world.strata(&args(&guide_create(name, description, source, tags)));
        let err = fails(&out, 1);
        assert!(err.contains("\"-\""), "names the character: {err}");
        assert!(err.contains(position), "names its position: {err}");
        assert!(
            err.contains(suggestion),
            "offers the nearest valid text: {err}"
        );
        assert!(err.contains("\nhint: "), "{err}");
    }
    assert!(
        world.operations().is_empty(),
        "nothing was sent: {:?}",
        world.operations()
    );

    for (name, _, _, suggestion, source, tags) in guide {
        let mut line = guide_create(name, suggestion, source, tags);
        line.push("--json".to_owned());
        let printed = ok(&world.strata(&args(&line)));
        assert_eq!(keys(&printed), ["inferenceProfileArn", "status"]);
        let created: Value = serde_json::from_str(&printed).unwrap();
        assert_eq!(created["status"], "ACTIVE");
        assert!(created["inferenceProfileArn"]
            .as_str()
            .unwrap()
            .starts_with("arn:aws:bedrock:ap-northeast-1:"));
    }
    assert_eq!(
        world.mutating_calls(),
        ["CreateInferenceProfile", "CreateInferenceProfile"]
    );
    assert_eq!(
        world.tags_line("project-alpha-claude-sonnet"),
        "Tags:        Project=Alpha, Department=Engineering"
    );
    let alpha = json_ok(&world.strata(&[
        "profiles",
        "get",
        "--inference-profile-identifier",
        "project-alpha-claude-sonnet",
        "--json",
    ]));
    assert_eq!(alpha["description"], "Project Alpha: Claude 3.5 Sonnet");
    assert_eq!(alpha["models"][0]["modelArn"], SONNET_ARN);

    // The same name again is AWS's ConflictException: an error, exit 1.
    let again = world.strata(&args(&guide_create(
        "project-alpha-claude-sonnet",
        "Project Alpha: Claude 3.5 Sonnet",
        SONNET_ARN,
        alpha_tags,
    )));
    fails(&again, 1);
}

#[test]
fn create_dry_run_prints_the_request_and_the_aws_cli_command_and_sends_nothing() {
    let world = World::new(Seed::Empty);
    let out = world.strata(&[
        "profiles",
        "create",
        "--inference-profile-name",
        "team-haiku",
        "--description",
        "Team Haiku",
        "--model-source",
        &format!("copyFrom={HAIKU_ARN}"),
        "--tags",
        r#"[{"key":"Team","value":"Data"}]"#,
        "--dry-run",
    ]);
    let text = ok(&out);
    assert!(text.contains("Nothing was sent"), "{text}");
    assert!(
        text.contains("\"inferenceProfileName\": \"team-haiku\""),
        "{text}"
    );
    assert!(
        text.contains(&format!("\"copyFrom\": \"{HAIKU_ARN}\"")),
        "{text}"
    );
    assert!(
        text.contains("aws bedrock create-inference-profile"),
        "{text}"
    );
    assert!(text.contains("--description 'Team Haiku'"), "{text}");
    assert!(
        text.contains(r#"--tags '[{"key":"Team","value":"Data"}]'"#),
        "{text}"
    );
    assert!(world.operations().is_empty(), "{:?}", world.operations());

    // A bare model id is looked up in the region (read-only calls) and shown as its ARN.
    let v = json_ok(&world.strata(&[
        "profiles",
        "create",
        "--inference-profile-name",
        "team-haiku",
        "--model-source",
        &format!("{{\"copyFrom\":\"{HAIKU}\"}}"),
        "--dry-run",
        "--json",
    ]));
    assert_eq!(v["dryRun"], true);
    assert_eq!(v["request"]["modelSource"]["copyFrom"], HAIKU_ARN);
    assert!(
        world.mutating_calls().is_empty(),
        "{:?}",
        world.operations()
    );
    assert!(world.profile_names().is_empty());
}

#[test]
fn tag_and_untag_change_the_tags_and_print_nothing_on_stdout() {
    let world = World::new(Seed::Demo);
    let dev = json_ok(&world.strata(&[
        "profiles",
        "get",
        "--inference-profile-identifier",
        "dev-claude-haiku",
        "--json",
    ]));
    let arn = dev["inferenceProfileArn"].as_str().unwrap();
    let out = world.strata(&[
        "profiles",
        "tag",
        "--resource-arn",
        arn,
        "--tags",
        r#"[{"key":"Owner","value":"data-team"},{"key":"Environment","value":"Staging"}]"#,
    ]);
    assert_eq!(ok(&out), "");
    assert_eq!(
        world.tags_line("dev-claude-haiku"),
        "Tags:        Environment=Staging, CostOptimized=true, Owner=data-team"
    );
    let out = world.strata(&[
        "profiles",
        "untag",
        "--resource-arn",
        arn,
        "--tag-keys",
        "CostOptimized",
        "Owner",
    ]);
    assert_eq!(ok(&out), "");
    assert!(
        stderr(&out).contains("Environment=Staging"),
        "{}",
        stderr(&out)
    );
    assert_eq!(
        world.tags_line("dev-claude-haiku"),
        "Tags:        Environment=Staging"
    );
    assert_eq!(world.mutating_calls(), ["TagResource", "UntagResource"]);
}

#[test]
fn a_reserved_or_duplicate_tag_key_is_refused_before_the_request() {
    let world = World::new(Seed::Demo);
    let arn = json_ok(&world.strata(&[
        "profiles",
        "get",
        "--inference-profile-identifier",
        "dev-claude-haiku",
        "--json",
    ]))["inferenceProfileArn"]
        .as_str()
        .unwrap()
        .to_owned();
    world.emulator().clear_requests();
    for tags in [
        r#"[{"key":"aws:createdBy","value":"me"}]"#,
        r#"[{"key":"Team","value":"a"},{"key":"Team","value":"b"}]"#,
    ] {
        let out = world.strata(&["profiles", "tag", "--resource-arn", &arn, "--tags", tags]);
        let err = fails(&out, 1);
        assert!(err.starts_with("error: "), "{err}");
    }
    assert!(world.operations().is_empty(), "{:?}", world.operations());
}

#[test]
fn delete_asks_for_yes_without_a_terminal_and_deletes_with_it() {
    let world = World::new(Seed::Demo);
    let out = world.strata(&[
        "profiles",
        "delete",
        "--inference-profile-identifier",
        "dev-claude-haiku",
    ]);
    let err = fails(&out, 2);
    assert!(err.contains("--yes"), "{err}");
    assert!(world.operations().is_empty(), "{:?}", world.operations());

    let out = world.strata(&[
        "profiles",
        "delete",
        "--inference-profile-identifier",
        "dev-claude-haiku",
        "--yes",
    ]);
    assert_eq!(ok(&out), "");
    assert_eq!(world.mutating_calls(), ["DeleteInferenceProfile"]);
    assert!(!world
        .profile_names()
        .contains(&"dev-claude-haiku".to_owned()));
    let gone = world.strata(&[
        "profiles",
        "get",
        "--inference-profile-identifier",
        "dev-claude-haiku",
    ]);
    fails(&gone, 1);
}

#[test]
fn bad_json_and_missing_flags_are_usage_errors_naming_the_flag() {
    let world = World::new(Seed::Empty);
    let cases: [(&[&str], &str); 5] = [
        (
            &[
                "profiles",
                "create",
                "--inference-profile-name",
                "x",
                "--model-source",
                "{\"copyFrom\":",
            ],
            "--model-source",
        ),
        (
            &[
                "profiles",
                "create",
                "--inference-profile-name",
                "x",
                "--model-source",
                "{\"copyfrom\":\"a\"}",
            ],
            "--model-source",
        ),
        (
            &[
                "profiles",
                "create",
                "--inference-profile-name",
                "x",
                "--model-source",
                "copyFrom=a",
                "--tags",
                "[{\"Key\":\"a\",\"Value\":\"b\"}]",
            ],
            "--tags",
        ),
        (
            &[
                "profiles",
                "tag",
                "--resource-arn",
                "a",
                "--tags",
                "file:///no/such/file.json",
            ],
            "--tags",
        ),
        (
            &["profiles", "create", "--model-source", "copyFrom=a"],
            "--inference-profile-name",
        ),
    ];
    for (line, flag) in cases {
        let err = fails(&world.strata(line), 2);
        assert!(err.contains(flag), "{line:?}: {err}");
    }
    let err = fails(
        &world.strata(&["profiles", "list", "--type-equals", "application"]),
        2,
    );
    assert!(err.contains("APPLICATION"), "{err}");
    assert!(world.operations().is_empty(), "{:?}", world.operations());
}

#[test]
fn tags_and_model_source_can_come_from_files() {
    let world = World::new(Seed::Empty);
    let source = world.write(
        "source.json",
        &format!("{{\"copyFrom\": \"{HAIKU_ARN}\"}}\n"),
    );
    let tags = world.write(
        "tags.json",
        "[\n  {\"key\": \"Project\", \"value\": \"Beta\"}\n]\n",
    );
    let out = world.strata(&[
        "profiles",
        "create",
        "--inference-profile-name",
        "beta-haiku",
        "--model-source",
        &format!("file://{}", source.display()),
        "--tags",
        &format!("file://{}", tags.display()),
    ]);
    let text = ok(&out);
    assert!(text.starts_with("Created beta-haiku"), "{text}");
    assert_eq!(world.tags_line("beta-haiku"), "Tags:        Project=Beta");
}

/// `apply --json`'s summary: (create, changeTags, unchanged, drift, delete) and the changes.
fn summary(v: &Value) -> (u64, u64, u64, u64, u64, u64) {
    let s = &v["summary"];
    let n = |k: &str| s[k].as_u64().unwrap();
    (
        n("create"),
        n("changeTags"),
        n("unchanged"),
        n("drift"),
        n("delete"),
        v["changes"].as_u64().unwrap(),
    )
}

#[test]
fn applying_the_example_to_a_fresh_emulator_creates_the_guides_profiles_and_a_second_run_changes_nothing(
) {
    let world = World::new(Seed::Empty);
    let file = example("profiles.example.json");
    let file = file.to_str().unwrap();

    let first = json_ok(&world.strata(&["profiles", "apply", file, "--json"]));
    assert_eq!(first["dryRun"], false);
    assert_eq!(summary(&first), (5, 0, 0, 0, 0, 5));
    assert!(first["profiles"]
        .as_array()
        .unwrap()
        .iter()
        .all(|p| p["done"] == true && p["arn"].as_str().is_some()));
    let mut expected: Vec<String> = GUIDE_PROFILES.iter().map(|s| (*s).to_owned()).collect();
    expected.sort();
    assert_eq!(world.profile_names(), expected);
    assert_eq!(
        tag_set(&world.tags_line("project-alpha-claude-sonnet")),
        tag_set(
            "Project=Alpha, Department=Engineering, CostCenter=CC-1001, Environment=Production"
        )
    );

    world.emulator().clear_requests();
    let second = world.strata(&["profiles", "apply", file]);
    let text = ok(&second);
    assert!(text.contains("Applied: No changes; 5 unchanged."), "{text}");
    assert!(
        world.mutating_calls().is_empty(),
        "{:?}",
        world.operations()
    );
}

#[test]
fn the_example_matches_the_demo_seed_and_its_yaml_twin_reads_the_same() {
    let world = World::new(Seed::Demo);
    for name in ["profiles.example.json", "profiles.example.yaml"] {
        let file = example(name);
        let v = json_ok(&world.strata(&[
            "profiles",
            "apply",
            file.to_str().unwrap(),
            "--dry-run",
            "--json",
        ]));
        assert_eq!(summary(&v), (0, 0, 5, 0, 0, 0), "{name}: {v}");
    }
}

#[test]
fn a_dry_run_lists_the_plan_and_sends_no_mutating_call() {
    let world = World::new(Seed::Empty);
    let file = example("profiles.example.json");
    let out = world.strata(&["profiles", "apply", file.to_str().unwrap(), "--dry-run"]);
    let text = ok(&out);
    assert!(text.starts_with("ap-northeast-1\n"), "{text}");
    assert!(text.contains("create       dev-claude-haiku"), "{text}");
    assert!(text.contains("Plan: 5 to create; 0 unchanged."), "{text}");
    assert!(text.contains("Dry run: nothing was changed."), "{text}");
    let operations = world.operations();
    assert!(!operations.is_empty());
    for op in &operations {
        assert!(
            op.starts_with("List") || op.starts_with("Get"),
            "only reads: {operations:?}"
        );
    }
    assert!(world.profile_names().is_empty());
}

#[test]
fn tags_are_changed_in_place_and_prune_deletes_only_when_asked() {
    let world = World::new(Seed::Demo);
    let file = world.write(
        "team.json",
        &format!(
            r#"{{"region": "{REGION}", "profiles": [
                {{"name": "dev-claude-haiku",
                  "description": "Development and testing with Claude 3 Haiku at low cost",
                  "source": "{HAIKU}",
                  "tags": {{"Environment": "Staging", "Owner": "data-team"}}}},
                {{"name": "prod-claude-sonnet",
                  "description": "Production workloads with Claude Sonnet 4.5 for high performance",
                  "source": "{PROD_SOURCE}",
                  "tags": [{{"key": "Environment", "value": "Production"}},
                           {{"key": "HighPerformance", "value": "true"}}]}}
            ]}}"#
        ),
    );
    let file = file.to_str().unwrap();
    let plan = json_ok(&world.strata(&["profiles", "apply", file, "--dry-run", "--json"]));
    assert_eq!(summary(&plan), (0, 1, 1, 0, 0, 1));
    let dev = &plan["profiles"][0];
    assert_eq!(dev["action"], "changeTags");
    assert_eq!(
        dev["tags"]["added"],
        serde_json::json!([{"key": "Owner", "value": "data-team"}])
    );
    assert_eq!(
        dev["tags"]["changed"],
        serde_json::json!([{"key": "Environment", "from": "Development", "to": "Staging"}])
    );
    assert_eq!(
        dev["tags"]["removed"],
        serde_json::json!([{"key": "CostOptimized", "value": "true"}])
    );

    let pruned_plan = world.strata(&["profiles", "apply", file, "--dry-run", "--prune"]);
    let text = ok(&pruned_plan);
    for name in [
        "custom-bedrock-profile",
        "project-alpha-claude-sonnet",
        "marketing-team-claude-haiku",
    ] {
        assert!(text.contains(&format!("delete       {name}")), "{text}");
    }
    assert!(
        world.mutating_calls().is_empty(),
        "{:?}",
        world.operations()
    );

    // Without --prune the others stay.
    let applied = json_ok(&world.strata(&["profiles", "apply", file, "--json"]));
    assert_eq!(summary(&applied), (0, 1, 1, 0, 0, 1));
    assert_eq!(world.mutating_calls(), ["TagResource", "UntagResource"]);
    assert_eq!(world.profile_names().len(), 5);
    assert_eq!(
        tag_set(&world.tags_line("dev-claude-haiku")),
        tag_set("Environment=Staging, Owner=data-team")
    );

    let pruned = json_ok(&world.strata(&["profiles", "apply", file, "--prune", "--json"]));
    assert_eq!(summary(&pruned), (0, 0, 2, 0, 3, 3));
    assert_eq!(
        world.profile_names(),
        ["dev-claude-haiku", "prod-claude-sonnet"]
    );
    let again = json_ok(&world.strata(&["profiles", "apply", file, "--prune", "--json"]));
    assert_eq!(summary(&again), (0, 0, 2, 0, 0, 0));
}

#[test]
fn drift_of_an_immutable_field_is_reported_and_never_deleted_or_recreated() {
    let world = World::new(Seed::Demo);
    let file = world.write(
        "drift.yaml",
        &format!(
            "region: {REGION}\nprofiles:\n\
             \x20 - name: project-alpha-claude-sonnet\n\
             \x20   description: Project Alpha on Haiku now\n\
             \x20   source: {HAIKU}\n\
             \x20   tags: {{Project: Alpha}}\n"
        ),
    );
    let file = file.to_str().unwrap();
    let out = world.strata(&["profiles", "apply", file]);
    let text = ok(&out);
    let line = text
        .lines()
        .find(|l| l.contains("project-alpha-claude-sonnet"))
        .unwrap();
    assert!(line.trim_start().starts_with("drift"), "{line}");
    assert!(line.contains("description: AWS has \"Project Alpha engineering profile with Claude 3.5 Sonnet\", the file says \"Project Alpha on Haiku now\""), "{line}");
    assert!(
        line.contains("source: AWS has \"anthropic.claude-3-5-sonnet-20240620-v1:0\""),
        "{line}"
    );
    assert!(text.contains("1 drifted (left alone)"), "{text}");
    assert!(
        world.mutating_calls().is_empty(),
        "{:?}",
        world.operations()
    );
    let alpha = json_ok(&world.strata(&[
        "profiles",
        "get",
        "--inference-profile-identifier",
        "project-alpha-claude-sonnet",
        "--json",
    ]));
    assert_eq!(alpha["models"][0]["modelArn"], SONNET_ARN);
}

#[test]
fn an_invalid_file_is_refused_whole_before_any_request() {
    let world = World::new(Seed::Empty);
    let file = world.write(
        "bad.json",
        &format!(
            r#"{{"region": "{REGION}", "profiles": [
                {{"name": "ok-profile", "source": "{HAIKU}"}},
                {{"name": "alpha", "description": "Project Alpha - Claude 3.5 Sonnet", "source": "{HAIKU}"}},
                {{"name": "beta", "source": "{HAIKU}", "colour": "blue"}}
            ]}}"#
        ),
    );
    let err = fails(
        &world.strata(&["profiles", "apply", file.to_str().unwrap()]),
        1,
    );
    assert!(err.contains("\"colour\""), "{err}");
    assert!(world.operations().is_empty(), "{:?}", world.operations());

    let file = world.write(
        "bad-description.json",
        &format!(
            r#"{{"region": "{REGION}", "profiles": [
                {{"name": "ok-profile", "source": "{HAIKU}"}},
                {{"name": "alpha", "description": "Project Alpha - Claude 3.5 Sonnet", "source": "{HAIKU}"}}
            ]}}"#
        ),
    );
    let err = fails(
        &world.strata(&["profiles", "apply", file.to_str().unwrap()]),
        1,
    );
    assert!(err.contains("profiles[1] (alpha): description"), "{err}");
    assert!(err.contains("Project Alpha: Claude 3.5 Sonnet"), "{err}");
    assert!(
        world.mutating_calls().is_empty(),
        "{:?}",
        world.operations()
    );

    let file = world.write(
        "unknown-model.json",
        &format!(
            r#"{{"region": "{REGION}", "profiles": [
                {{"name": "ok-profile", "source": "{HAIKU}"}},
                {{"name": "typo", "source": "anthropic.claude-9"}}
            ]}}"#
        ),
    );
    let err = fails(
        &world.strata(&["profiles", "apply", file.to_str().unwrap()]),
        1,
    );
    assert!(err.contains("anthropic.claude-9"), "{err}");
    assert!(
        world.mutating_calls().is_empty(),
        "{:?}",
        world.operations()
    );
    assert!(world.profile_names().is_empty());

    let err = fails(
        &world.strata(&["profiles", "apply", "/no/such/profiles.json"]),
        1,
    );
    assert!(err.contains("/no/such/profiles.json"), "{err}");
}

/// The venv of `./scripts/test` with the AWS CLI v1 (`$STRATA_PYVENV`, else the main
/// checkout's `target/pyvenv`); a missing one fails the test, never skips it.
fn aws_cli() -> PathBuf {
    let venv = std::env::var_os("STRATA_PYVENV")
        .map(PathBuf::from)
        .unwrap_or_else(|| Path::new(env!("CARGO_MANIFEST_DIR")).join("../../target/pyvenv"));
    let aws = venv.join("bin/aws");
    assert!(
        aws.is_file(),
        "{} is missing: run ./scripts/test, or set STRATA_PYVENV",
        aws.display()
    );
    aws
}

#[test]
#[ignore = "needs the AWS CLI v1 venv (scripts/test builds it)"]
fn json_output_is_what_the_aws_cli_prints_for_the_same_call() {
    let aws = aws_cli();
    let world = World::new(Seed::Demo);
    // AWS CLI v2 (the version the user guide needs) prints timestamps in ISO 8601 as Python's
    // isoformat writes them; v1 prints the wire text unless told to do the same.
    world.write(".aws/config", "[default]\ncli_timestamp_format = iso8601\n");
    let endpoint = world.emulator().endpoint();
    let run_aws = |line: &[&str]| {
        let home = world.home.path();
        let out = Command::new(&aws)
            .arg("bedrock")
            .args(line)
            .args([
                "--endpoint-url",
                endpoint.as_str(),
                "--region",
                REGION,
                "--output",
                "json",
            ])
            .env_clear()
            .env("HOME", home)
            .env("PATH", std::env::var_os("PATH").unwrap_or_default())
            .env("AWS_CONFIG_FILE", home.join(".aws/config"))
            .env("AWS_SHARED_CREDENTIALS_FILE", home.join(".aws/credentials"))
            .env("AWS_ACCESS_KEY_ID", "AKIAEXAMPLEEXAMPLE00")
            .env("AWS_SECRET_ACCESS_KEY", "not-a-real-secret")
            .output()
            .unwrap();
        ok(&out)
    };
    let ours = ok(&world.strata(&[
        "profiles",
        "get",
        "--inference-profile-identifier",
        "project-alpha-claude-sonnet",
        "--json",
    ]));
    let arn = serde_json::from_str::<Value>(&ours).unwrap()["inferenceProfileArn"]
        .as_str()
        .unwrap()
        .to_owned();
    let theirs = run_aws(&[
        "get-inference-profile",
        "--inference-profile-identifier",
        &arn,
    ]);
    assert_eq!(ours, theirs, "get-inference-profile");

    let ours = ok(&world.strata(&["profiles", "list", "--type-equals", "APPLICATION", "--json"]));
    let theirs = run_aws(&["list-inference-profiles", "--type-equals", "APPLICATION"]);
    assert_eq!(ours, theirs, "list-inference-profiles");
}

impl World {
    /// `strata ARGS` on a terminal (util-linux `script` gives it a pseudo-terminal), with
    /// `typed` as what the user types; returns the exit code and everything it showed.
    fn strata_on_a_terminal(&self, args: &[&str], typed: &str) -> (Option<i32>, String) {
        use std::io::Write as _;
        let endpoint = self.emulator().endpoint();
        let quote = |s: &str| format!("'{}'", s.replace('\'', "'\\''"));
        let mut line = vec![quote(env!("CARGO_BIN_EXE_strata-cli"))];
        line.extend(args.iter().map(|a| quote(a)));
        line.extend(["--endpoint-url", endpoint.as_str(), "--region", REGION].map(quote));
        let home = self.home.path();
        let mut child = Command::new("script")
            .args(["-q", "-e", "-c", &line.join(" "), "/dev/null"])
            .env_clear()
            .env("HOME", home)
            .env("PATH", std::env::var_os("PATH").unwrap_or_default())
            .env("SHELL", "/bin/sh")
            .env("STRATA_LOG", "off")
            .env("AWS_CONFIG_FILE", home.join(".aws/config"))
            .env("AWS_SHARED_CREDENTIALS_FILE", home.join(".aws/credentials"))
            .env("AWS_ACCESS_KEY_ID", "AKIAEXAMPLEEXAMPLE00")
            .env("AWS_SECRET_ACCESS_KEY", "not-a-real-secret")
            .stdin(std::process::Stdio::piped())
            .stdout(std::process::Stdio::piped())
            .stderr(std::process::Stdio::piped())
            .spawn()
            .expect("util-linux `script` runs the command on a pseudo-terminal");
        child
            .stdin
            .take()
            .unwrap()
            .write_all(typed.as_bytes())
            .unwrap();
        let out = child.wait_with_output().unwrap();
        (
            out.status.code(),
            String::from_utf8_lossy(&out.stdout).into_owned(),
        )
    }
}

#[test]
fn on_a_terminal_delete_asks_to_type_the_name_and_deletes_only_when_it_matches() {
    let world = World::new(Seed::Demo);
    let delete = [
        "profiles",
        "delete",
        "--inference-profile-identifier",
        "dev-claude-haiku",
    ];
    let (code, shown) = world.strata_on_a_terminal(&delete, "dev-claude\n");
    assert_eq!(code, Some(1), "{shown}");
    assert!(shown.contains("Type its name to delete it"), "{shown}");
    assert!(shown.contains("Not deleted"), "{shown}");
    assert!(
        world.mutating_calls().is_empty(),
        "{:?}",
        world.operations()
    );

    let (code, shown) = world.strata_on_a_terminal(&delete, "dev-claude-haiku\n");
    assert_eq!(code, Some(0), "{shown}");
    assert_eq!(world.mutating_calls(), ["DeleteInferenceProfile"]);
    assert!(!world
        .profile_names()
        .contains(&"dev-claude-haiku".to_owned()));
}
