//! Conformance with clients nobody here wrote: the user guide's `aws bedrock …` commands run
//! verbatim through AWS CLI v1, and boto3 `converse` / `converse_stream`, against the binary.
//!
//! The clients live in the venv that `./scripts/test` creates (`$STRATA_PYVENV`, from
//! `tests/conformance/requirements.txt`), so these tests are `#[ignore]`d for a plain
//! `cargo test`; `./scripts/test` runs them with `--include-ignored`, and without the venv they
//! fail, never skip.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};

use serde_json::Value;

const HAIKU_ARN: &str =
    "arn:aws:bedrock:ap-northeast-1::foundation-model/anthropic.claude-3-haiku-20240307-v1:0";

/// Why the tests are ignored by a plain `cargo test`.
const NEEDS_VENV: &str =
    "needs the AWS CLI v1 / boto3 venv: run ./scripts/test, or set STRATA_PYVENV";

/// The venv with the real clients.
fn venv() -> PathBuf {
    let path = std::env::var_os("STRATA_PYVENV")
        .map(PathBuf::from)
        .unwrap_or_else(|| panic!("STRATA_PYVENV is not set: {NEEDS_VENV}"));
    assert!(
        path.join("bin/aws").is_file(),
        "{} has no bin/aws: {NEEDS_VENV}",
        path.display()
    );
    path
}

/// The emulator binary, killed on drop.
struct Server {
    child: Child,
    endpoint: String,
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn spawn_emulator(extra: &[&str]) -> Server {
    let mut child = Command::new(env!("CARGO_BIN_EXE_bedrock-emulator"))
        .args(["--listen", "127.0.0.1:0", "--seed", "demo", "--no-pacing"])
        .args(extra)
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let mut line = String::new();
    BufReader::new(child.stdout.take().unwrap())
        .read_line(&mut line)
        .unwrap();
    let endpoint = line
        .trim()
        .strip_prefix("listening on ")
        .unwrap_or_else(|| panic!("first line was {line:?}"))
        .to_owned();
    assert!(endpoint.starts_with("http://127.0.0.1:"), "{endpoint}");
    Server { child, endpoint }
}

/// A fresh HOME with fake static credentials and a default region, as a user's machine has.
struct Home {
    dir: tempfile::TempDir,
}

impl Home {
    fn new() -> Self {
        let dir = tempfile::tempdir().unwrap();
        let aws = dir.path().join(".aws");
        std::fs::create_dir(&aws).unwrap();
        std::fs::write(
            aws.join("config"),
            "[default]\nregion = ap-northeast-1\noutput = json\n",
        )
        .unwrap();
        std::fs::write(
            aws.join("credentials"),
            "[default]\naws_access_key_id = AKIACONFORMANCETEST\naws_secret_access_key = conformance-secret\n",
        )
        .unwrap();
        Self { dir }
    }

    fn command(&self, program: &Path) -> Command {
        let mut command = Command::new(program);
        let aws = self.dir.path().join(".aws");
        for var in [
            "AWS_ACCESS_KEY_ID",
            "AWS_SECRET_ACCESS_KEY",
            "AWS_SESSION_TOKEN",
            "AWS_PROFILE",
            "AWS_REGION",
            "AWS_ENDPOINT_URL",
        ] {
            command.env_remove(var);
        }
        command
            .env("HOME", self.dir.path())
            .env("AWS_CONFIG_FILE", aws.join("config"))
            .env("AWS_SHARED_CREDENTIALS_FILE", aws.join("credentials"))
            .env("AWS_DEFAULT_REGION", "ap-northeast-1")
            .env("AWS_EC2_METADATA_DISABLED", "true");
        command
    }
}

struct Cli<'a> {
    aws: PathBuf,
    home: &'a Home,
    endpoint: &'a str,
}

struct Outcome {
    code: i32,
    json: Value,
    stderr: String,
}

impl Cli<'_> {
    /// Runs `aws <command line>` (split on spaces, as typed in the guide) with `--endpoint-url`.
    fn run(&self, line: &str) -> Outcome {
        let args: Vec<&str> = line
            .strip_prefix("aws ")
            .unwrap()
            .split_whitespace()
            .collect();
        let out = self
            .home
            .command(&self.aws)
            .args(&args)
            .args(["--endpoint-url", self.endpoint])
            .output()
            .unwrap();
        let stdout = String::from_utf8_lossy(&out.stdout);
        Outcome {
            code: out.status.code().unwrap_or(-1),
            json: if stdout.trim().is_empty() {
                Value::Null
            } else {
                serde_json::from_str(&stdout).unwrap()
            },
            stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
        }
    }

    /// Runs `aws ARGS…` with the arguments as given (for JSON values with spaces).
    fn ok_args(&self, args: &[&str]) -> Value {
        let out = self
            .home
            .command(&self.aws)
            .args(args)
            .args(["--endpoint-url", self.endpoint])
            .output()
            .unwrap();
        assert!(
            out.status.success(),
            "{args:?}\n{}",
            String::from_utf8_lossy(&out.stderr)
        );
        serde_json::from_slice(&out.stdout).unwrap()
    }

    fn ok(&self, line: &str) -> Value {
        let outcome = self.run(line);
        assert_eq!(outcome.code, 0, "{line}\n{}", outcome.stderr);
        outcome.json
    }

    fn fails(&self, line: &str, code: &str) {
        let outcome = self.run(line);
        assert_eq!(
            outcome.code, 255,
            "{line} should fail with {code}: {}",
            outcome.stderr
        );
        assert!(
            outcome.stderr.contains(&format!("({code})")),
            "{line}: {}",
            outcome.stderr
        );
    }
}

fn tags(json: &Value) -> Vec<(String, String)> {
    let mut tags: Vec<(String, String)> = json["tags"]
        .as_array()
        .unwrap()
        .iter()
        .map(|t| {
            (
                t["key"].as_str().unwrap().to_owned(),
                t["value"].as_str().unwrap().to_owned(),
            )
        })
        .collect();
    tags.sort();
    tags
}

fn pairs(list: &[(&str, &str)]) -> Vec<(String, String)> {
    let mut v: Vec<(String, String)> = list
        .iter()
        .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
        .collect();
    v.sort();
    v
}

#[test]
#[ignore = "needs the AWS CLI v1 / boto3 venv that ./scripts/test creates"]
fn aws_cli_v1_runs_the_user_guide() {
    let venv = venv();
    let server = spawn_emulator(&[]);
    let home = Home::new();
    let cli = Cli {
        aws: venv.join("bin/aws"),
        home: &home,
        endpoint: &server.endpoint,
    };

    // Listing the guide's profiles.
    let listed = cli.ok(
        "aws bedrock list-inference-profiles --type-equals APPLICATION --region ap-northeast-1",
    );
    let names: Vec<&str> = listed["inferenceProfileSummaries"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["inferenceProfileName"].as_str().unwrap())
        .collect();
    assert_eq!(
        names,
        [
            "custom-bedrock-profile",
            "project-alpha-claude-sonnet",
            "marketing-team-claude-haiku",
            "dev-claude-haiku",
            "prod-claude-sonnet"
        ]
    );
    let alpha = &listed["inferenceProfileSummaries"][1];
    let alpha_arn = alpha["inferenceProfileArn"].as_str().unwrap();
    assert_eq!(alpha["type"], "APPLICATION");
    assert_eq!(alpha["status"], "ACTIVE");
    assert!(alpha["createdAt"].as_str().unwrap().ends_with("+00:00"));
    let alpha_tags = cli.ok(&format!(
        "aws bedrock list-tags-for-resource --resource-arn {alpha_arn}"
    ));
    assert_eq!(
        tags(&alpha_tags),
        pairs(&[
            ("Project", "Alpha"),
            ("Department", "Engineering"),
            ("CostCenter", "CC-1001"),
            ("Environment", "Production")
        ])
    );

    // Creating one from Claude 3 Haiku with a cost allocation tag.
    let created = cli.ok(&format!(
        "aws bedrock create-inference-profile --inference-profile-name custom-bedrock-profile-2 --model-source copyFrom={HAIKU_ARN} --tags key=CostAllocateTag,value=custom"
    ));
    assert_eq!(created["status"], "ACTIVE");
    let arn = created["inferenceProfileArn"].as_str().unwrap().to_owned();
    let id = arn
        .strip_prefix("arn:aws:bedrock:ap-northeast-1:123456789012:application-inference-profile/")
        .unwrap();
    assert!(
        id.len() == 12
            && id
                .bytes()
                .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit()),
        "{arn}"
    );

    let got = cli.ok(&format!(
        "aws bedrock get-inference-profile --inference-profile-identifier {arn}"
    ));
    assert_eq!(got["inferenceProfileName"], "custom-bedrock-profile-2");
    assert_eq!(got["inferenceProfileId"], id);
    assert_eq!(got["models"][0]["modelArn"], HAIKU_ARN);
    let by_id = cli.ok(&format!(
        "aws bedrock get-inference-profile --inference-profile-identifier {id}"
    ));
    assert_eq!(by_id["inferenceProfileArn"], arn.as_str());

    assert_eq!(
        tags(&cli.ok(&format!(
            "aws bedrock list-tags-for-resource --resource-arn {arn}"
        ))),
        pairs(&[("CostAllocateTag", "custom")])
    );
    let tagged = cli.run(&format!("aws bedrock tag-resource --resource-arn {arn} --tags key=Environment,value=Test key=Owner,value=DataTeam"));
    assert_eq!(tagged.code, 0, "{}", tagged.stderr);
    assert_eq!(
        tags(&cli.ok(&format!(
            "aws bedrock list-tags-for-resource --resource-arn {arn}"
        ))),
        pairs(&[
            ("CostAllocateTag", "custom"),
            ("Environment", "Test"),
            ("Owner", "DataTeam")
        ])
    );
    let untagged = cli.run(&format!(
        "aws bedrock untag-resource --resource-arn {arn} --tag-keys Environment Owner"
    ));
    assert_eq!(untagged.code, 0, "{}", untagged.stderr);
    assert_eq!(
        tags(&cli.ok(&format!(
            "aws bedrock list-tags-for-resource --resource-arn {arn}"
        ))),
        pairs(&[("CostAllocateTag", "custom")])
    );

    // Errors, with CLI v1's exit code 255 and the AWS code in the message.
    cli.fails(
        &format!("aws bedrock create-inference-profile --inference-profile-name custom-bedrock-profile-2 --model-source copyFrom={HAIKU_ARN}"),
        "ConflictException",
    );
    cli.fails(
        &format!("aws bedrock create-inference-profile --inference-profile-name bad!name --model-source copyFrom={HAIKU_ARN}"),
        "ValidationException",
    );
    let too_many: Vec<String> = (0..51).map(|i| format!("key=k{i},value=v")).collect();
    cli.fails(
        &format!(
            "aws bedrock create-inference-profile --inference-profile-name many-tags --model-source copyFrom={HAIKU_ARN} --tags {}",
            too_many.join(" ")
        ),
        "TooManyTagsException",
    );
    // The guide's descriptions contain " - ", which AWS's pattern refuses (the emulator follows AWS).
    let guide_description = cli
        .home
        .command(&cli.aws)
        .args([
            "bedrock",
            "create-inference-profile",
            "--inference-profile-name",
            "described",
            "--description",
            "Claude 3 Haiku - custom profile",
            "--model-source",
            &format!("copyFrom={HAIKU_ARN}"),
            "--endpoint-url",
            &server.endpoint,
        ])
        .output()
        .unwrap();
    assert_eq!(guide_description.status.code(), Some(255));
    assert!(String::from_utf8_lossy(&guide_description.stderr).contains("(ValidationException)"));
    cli.fails("aws bedrock delete-inference-profile --inference-profile-identifier apac.anthropic.claude-3-haiku-20240307-v1:0", "ValidationException");

    let deleted = cli.run(&format!(
        "aws bedrock delete-inference-profile --inference-profile-identifier {arn}"
    ));
    assert_eq!(deleted.code, 0, "{}", deleted.stderr);
    cli.fails(
        &format!("aws bedrock get-inference-profile --inference-profile-identifier {arn}"),
        "ResourceNotFoundException",
    );
    cli.fails(
        &format!("aws bedrock delete-inference-profile --inference-profile-identifier {arn}"),
        "ResourceNotFoundException",
    );

    // System profiles: auto-pagination with --page-size, one page with --max-results.
    let all = cli.ok("aws bedrock list-inference-profiles");
    let paged = cli.ok("aws bedrock list-inference-profiles --page-size 2");
    assert!(all["inferenceProfileSummaries"].as_array().unwrap().len() > 5);
    assert_eq!(
        paged["inferenceProfileSummaries"],
        all["inferenceProfileSummaries"]
    );
    let one_page = cli.ok("aws bedrock list-inference-profiles --max-results 2");
    assert_eq!(
        one_page["inferenceProfileSummaries"]
            .as_array()
            .unwrap()
            .len(),
        2
    );
    assert!(
        one_page["NextToken"].is_string() || one_page["nextToken"].is_string(),
        "{one_page}"
    );

    // Foundation models, filtered, in another region.
    let models =
        cli.ok("aws bedrock list-foundation-models --by-provider anthropic --region us-east-1");
    let summaries = models["modelSummaries"].as_array().unwrap();
    assert!(summaries.len() >= 5);
    assert!(summaries.iter().all(|m| m["providerName"] == "Anthropic"));
    assert!(summaries.iter().all(|m| m["modelArn"]
        .as_str()
        .unwrap()
        .starts_with("arn:aws:bedrock:us-east-1::")));
    let nova = cli.ok("aws bedrock get-foundation-model --model-identifier amazon.nova-pro-v1:0");
    assert_eq!(nova["modelDetails"]["modelName"], "Nova Pro");
    // A profile made in us-east-1 does not exist in ap-northeast-1.
    let east = cli.ok("aws bedrock create-inference-profile --inference-profile-name east-only --model-source copyFrom=arn:aws:bedrock:us-east-1::foundation-model/anthropic.claude-3-haiku-20240307-v1:0 --region us-east-1");
    let east_arn = east["inferenceProfileArn"].as_str().unwrap();
    cli.fails(
        &format!("aws bedrock get-inference-profile --inference-profile-identifier {east_arn}"),
        "ResourceNotFoundException",
    );
    cli.ok(&format!("aws bedrock get-inference-profile --inference-profile-identifier {east_arn} --region us-east-1"));
}

#[test]
#[ignore = "needs the AWS CLI v1 / boto3 venv that ./scripts/test creates"]
fn aws_cli_v1_gets_the_caller_identity() {
    let venv = venv();
    let server = spawn_emulator(&["--account", "210987654321"]);
    let home = Home::new();
    let cli = Cli {
        aws: venv.join("bin/aws"),
        home: &home,
        endpoint: &server.endpoint,
    };
    let identity = cli.ok("aws sts get-caller-identity");
    assert_eq!(identity["Account"], "210987654321");
    assert_eq!(
        identity["Arn"],
        "arn:aws:iam::210987654321:user/emulator-user"
    );
    assert!(identity["UserId"].as_str().unwrap().starts_with("AIDA"));
}

#[test]
#[ignore = "needs the AWS CLI v1 / boto3 venv that ./scripts/test creates"]
fn aws_cli_v1_simulates_the_callers_policies_from_the_deny_list() {
    let venv = venv();
    let server = spawn_emulator(&[
        "--account",
        "210987654321",
        "--fault-deny",
        "bedrock:CreateInferenceProfile",
    ]);
    let home = Home::new();
    let cli = Cli {
        aws: venv.join("bin/aws"),
        home: &home,
        endpoint: &server.endpoint,
    };
    let simulated = cli.ok(
        "aws iam simulate-principal-policy --policy-source-arn arn:aws:iam::210987654321:user/emulator-user \
         --action-names bedrock:CreateInferenceProfile bedrock:ListInferenceProfiles",
    );
    let results = simulated["EvaluationResults"].as_array().unwrap();
    let decisions: Vec<(&str, &str)> = results
        .iter()
        .map(|r| {
            (
                r["EvalActionName"].as_str().unwrap(),
                r["EvalDecision"].as_str().unwrap(),
            )
        })
        .collect();
    assert_eq!(
        decisions,
        [
            ("bedrock:CreateInferenceProfile", "implicitDeny"),
            ("bedrock:ListInferenceProfiles", "allowed")
        ]
    );
    cli.fails(
        "aws iam simulate-principal-policy --policy-source-arn arn:aws:iam::210987654321:user/nobody \
         --action-names bedrock:InvokeModel",
        "NoSuchEntity",
    );
}

#[test]
#[ignore = "needs the AWS CLI v1 / boto3 venv that ./scripts/test creates"]
fn aws_cli_v1_runs_the_guides_cost_explorer_commands() {
    let venv = venv();
    // Billing's "today" is set, so that the test cannot straddle midnight UTC.
    let server = spawn_emulator(&["--billing-today", "2024-02-29"]);
    let home = Home::new();
    let cli = Cli {
        aws: venv.join("bin/aws"),
        home: &home,
        endpoint: &server.endpoint,
    };
    let listed = cli.ok(
        "aws bedrock list-inference-profiles --type-equals APPLICATION --region ap-northeast-1",
    );
    let alpha = listed["inferenceProfileSummaries"][1]["inferenceProfileArn"]
        .as_str()
        .unwrap()
        .to_owned();
    let answer = cli.ok(&format!(
        r#"aws bedrock-runtime converse --model-id {alpha} --messages [{{"role":"user","content":[{{"text":"hello"}}]}}]"#
    ));
    assert!(answer["usage"]["inputTokens"].as_u64().unwrap() > 0);
    let tags = cli.ok("aws ce list-cost-allocation-tags --status Inactive --region us-east-1");
    assert!(tags["CostAllocationTags"]
        .as_array()
        .unwrap()
        .iter()
        .any(|t| t["TagKey"] == "Project"));
    let updated = cli.ok(
        "aws ce update-cost-allocation-tags-status --cost-allocation-tags-status TagKey=Project,Status=Active --region us-east-1",
    );
    assert_eq!(updated["Errors"], serde_json::json!([]));

    // The guide's report, verbatim: nothing under "Amazon Bedrock" in January 2024.
    let guide = cli.ok_args(&[
        "ce",
        "get-cost-and-usage",
        "--time-period",
        "Start=2024-01-01,End=2024-01-31",
        "--granularity",
        "MONTHLY",
        "--filter",
        r#"{"Dimensions":{"Key":"SERVICE","Values":["Amazon Bedrock"]}}"#,
        "--metrics",
        "BlendedCost",
        "--group-by",
        "Type=DIMENSION,Key=SERVICE",
        "Type=TAG,Key=Project",
        "--region",
        "us-east-1",
    ]);
    let periods = guide["ResultsByTime"].as_array().unwrap();
    assert_eq!(periods.len(), 1);
    assert_eq!(periods[0]["TimePeriod"]["Start"], "2024-01-01");
    assert_eq!(periods[0]["Groups"], serde_json::json!([]));

    // Billing's day, by Project: the call made through project-alpha-claude-sonnet.
    let today = cli.ok_args(&[
        "ce",
        "get-cost-and-usage",
        "--time-period",
        "Start=2024-02-29,End=2024-03-01",
        "--granularity",
        "DAILY",
        "--metrics",
        "UsageQuantity",
        "--group-by",
        "Type=TAG,Key=Project",
        "--region",
        "us-east-1",
    ]);
    let groups = today["ResultsByTime"][0]["Groups"].as_array().unwrap();
    let keys: Vec<&str> = groups
        .iter()
        .map(|g| g["Keys"][0].as_str().unwrap())
        .collect();
    assert_eq!(keys, ["Project$Alpha"], "{today}");
    assert_eq!(
        groups[0]["Metrics"]["UsageQuantity"]["Amount"],
        (answer["usage"]["inputTokens"].as_u64().unwrap()
            + answer["usage"]["outputTokens"].as_u64().unwrap())
        .to_string()
    );
}

#[test]
#[ignore = "needs the AWS CLI v1 / boto3 venv that ./scripts/test creates"]
fn aws_cli_v1_gets_bedrocks_products_from_the_price_list() {
    let venv = venv();
    let server = spawn_emulator(&[]);
    let home = Home::new();
    let cli = Cli {
        aws: venv.join("bin/aws"),
        home: &home,
        endpoint: &server.endpoint,
    };
    // The AWS CLI follows NextToken itself and prints every product.
    let out = cli.ok(
        "aws pricing get-products --service-code AmazonBedrock --filters Type=TERM_MATCH,Field=regionCode,Value=us-east-1 --region us-east-1",
    );
    assert_eq!(out["FormatVersion"], "aws_v1");
    let list = out["PriceList"].as_array().unwrap();
    assert!(list.len() > 10, "{out}");
    // Each item is a JSON document as a string, as AWS sends it.
    let products: Vec<Value> = list
        .iter()
        .map(|item| serde_json::from_str(item.as_str().unwrap()).unwrap())
        .collect();
    assert!(products
        .iter()
        .all(|p| p["product"]["attributes"]["regionCode"] == "us-east-1"));
    let haiku_input = products
        .iter()
        .find(|p| {
            p["product"]["attributes"]["model"] == "Claude 3 Haiku"
                && p["product"]["attributes"]["inferenceType"] == "Input tokens"
        })
        .unwrap();
    assert_eq!(
        haiku_input["product"]["attributes"]["usagetype"],
        "USE1-Claude3Haiku-input-tokens"
    );
    let term = haiku_input["terms"]["OnDemand"]
        .as_object()
        .unwrap()
        .values()
        .next()
        .unwrap();
    let dim = term["priceDimensions"]
        .as_object()
        .unwrap()
        .values()
        .next()
        .unwrap();
    assert_eq!(dim["unit"], "1K tokens");
    assert_eq!(dim["pricePerUnit"]["USD"], "0.0002500000");
    cli.fails(
        "aws pricing get-products --service-code AmazonNothing --region us-east-1",
        "NotFoundException",
    );
}

#[test]
#[ignore = "needs the AWS CLI v1 / boto3 venv that ./scripts/test creates"]
fn boto3_converses_and_streams() {
    let venv = venv();
    let server = spawn_emulator(&[]);
    let home = Home::new();
    let cli = Cli {
        aws: venv.join("bin/aws"),
        home: &home,
        endpoint: &server.endpoint,
    };
    let listed = cli.ok("aws bedrock list-inference-profiles --type-equals APPLICATION");
    let dev = listed["inferenceProfileSummaries"]
        .as_array()
        .unwrap()
        .iter()
        .find(|p| p["inferenceProfileName"] == "dev-claude-haiku")
        .unwrap()["inferenceProfileArn"]
        .as_str()
        .unwrap()
        .to_owned();
    let script = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/conformance/boto3_check.py");
    let out = home
        .command(&venv.join("bin/python"))
        .arg(script)
        .arg(&server.endpoint)
        .arg(&dev)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let r: Value = serde_json::from_slice(&out.stdout).unwrap();

    let prompt = "What does an application inference profile do?";
    for label in ["model", "system_profile", "application_profile"] {
        let converse = &r[format!("converse_{label}")];
        let text = converse["text"].as_str().unwrap();
        assert_eq!(converse["role"], "assistant");
        assert!(
            text.contains("Claude 3 Haiku") && text.contains(prompt),
            "{text}"
        );
        assert_eq!(converse["stopReason"], "end_turn");
        let usage = &converse["usage"];
        assert_eq!(usage["inputTokens"], bedrock_emulator::count_tokens(prompt));
        assert_eq!(usage["outputTokens"], bedrock_emulator::count_tokens(text));
        assert_eq!(
            usage["totalTokens"].as_u64(),
            Some(usage["inputTokens"].as_u64().unwrap() + usage["outputTokens"].as_u64().unwrap())
        );
        assert!(converse["requestId"]
            .as_str()
            .is_some_and(|id| !id.is_empty()));

        let stream = &r[format!("stream_{label}")];
        let events: Vec<&str> = stream["events"]
            .as_array()
            .unwrap()
            .iter()
            .map(|e| e.as_str().unwrap())
            .collect();
        let n = events.len();
        assert_eq!(events[0], "messageStart");
        assert!(events[1..n - 3].iter().all(|e| *e == "contentBlockDelta"));
        assert_eq!(
            &events[n - 3..],
            ["contentBlockStop", "messageStop", "metadata"]
        );
        assert_eq!(
            stream["text"], converse["text"],
            "{label}: the stream says what converse says"
        );
        assert_eq!(stream["stopReason"], "end_turn");
        assert_eq!(stream["usage"], converse["usage"]);
        assert_eq!(usage["outputTokens"].as_u64(), Some((n - 4) as u64));
    }
    assert_eq!(r["max_tokens"]["stopReason"], "max_tokens");
    assert_eq!(r["max_tokens"]["usage"]["outputTokens"], 3);
    assert_eq!(r["on_demand_error"], "ValidationException");
    assert!(r["paged_system_ids"].as_array().unwrap().len() > 5);
    assert_eq!(r["created_at_type"], "datetime");
    assert_eq!(r["created_at_aware"], true);
}

#[test]
#[ignore = "needs the AWS CLI v1 / boto3 venv that ./scripts/test creates"]
fn boto3_uses_cache_points_reasoning_images_and_tiers_through_a_profile() {
    let venv = venv();
    let server = spawn_emulator(&[]);
    let home = Home::new();
    let cli = Cli {
        aws: venv.join("bin/aws"),
        home: &home,
        endpoint: &server.endpoint,
    };
    let listed = cli.ok("aws bedrock list-inference-profiles --type-equals APPLICATION");
    let prod = listed["inferenceProfileSummaries"]
        .as_array()
        .unwrap()
        .iter()
        .find(|p| p["inferenceProfileName"] == "prod-claude-sonnet")
        .unwrap();
    assert_eq!(
        prod["models"][0]["modelArn"],
        "arn:aws:bedrock:ap-northeast-1::foundation-model/anthropic.claude-sonnet-4-5-20250929-v1:0"
    );
    let arn = prod["inferenceProfileArn"].as_str().unwrap().to_owned();
    let script = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/conformance/boto3_features.py");
    let out = home
        .command(&venv.join("bin/python"))
        .arg(script)
        .arg(&server.endpoint)
        .arg(&arn)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let r: Value = serde_json::from_slice(&out.stdout).unwrap();
    let count = bedrock_emulator::count_tokens;
    let system: Vec<String> = (0..1500).map(|i| format!("rule{i}")).collect();
    let system_tokens = u64::from(count(&system.join(" ")));
    let question = u64::from(count("What do the rules say?"));
    let (first, second) = (&r["cache"][0], &r["cache"][1]);
    assert_eq!(first["cacheWriteInputTokens"].as_u64(), Some(system_tokens));
    assert_eq!(first["cacheReadInputTokens"], 0);
    assert_eq!(second["cacheReadInputTokens"].as_u64(), Some(system_tokens));
    assert_eq!(second["cacheWriteInputTokens"], 0);
    assert_eq!(second["inputTokens"].as_u64(), Some(question));
    assert_eq!(r["tier"]["type"], "default");

    let stream = &r["stream"];
    let reasoning = stream["reasoning"].as_str().unwrap();
    let text = stream["text"].as_str().unwrap();
    assert!(!reasoning.is_empty() && stream["signature"].is_string());
    assert_eq!(stream["indexes"], serde_json::json!([0, 1]));
    assert_eq!(
        stream["usage"]["outputTokens"].as_u64(),
        Some(u64::from(count(reasoning) + count(text)))
    );
    assert_eq!(stream["tier"]["type"], "default");
    assert_eq!(
        r["sent_back"],
        serde_json::json!(["reasoningContent", "text"])
    );
    let tampered = r["tampered"].as_str().unwrap();
    assert!(tampered.contains("Invalid `signature`"), "{tampered}");
    // 640 × 480 px: 410 tokens, and the text's.
    assert_eq!(
        r["image_usage"]["inputTokens"].as_u64(),
        Some(410 + u64::from(count("Describe it.")))
    );
}

#[test]
#[ignore = "needs the AWS CLI v1 / boto3 venv that ./scripts/test creates"]
fn binary_flags_inject_faults_and_sigterm_stops_it() {
    let venv = venv();
    let server = spawn_emulator(&[
        "--fault-error",
        "ListInferenceProfiles=AccessDeniedException:1",
        "--fault-deny",
        "bedrock:DeleteInferenceProfile",
    ]);
    let home = Home::new();
    let cli = Cli {
        aws: venv.join("bin/aws"),
        home: &home,
        endpoint: &server.endpoint,
    };
    cli.fails(
        "aws bedrock list-inference-profiles",
        "AccessDeniedException",
    );
    cli.ok("aws bedrock list-inference-profiles");
    cli.fails(
        "aws bedrock delete-inference-profile --inference-profile-identifier anything1234",
        "AccessDeniedException",
    );

    let mut server = server;
    let pid = server.child.id().to_string();
    let killed = Command::new("kill").args(["-TERM", &pid]).status().unwrap();
    assert!(killed.success());
    let status = server.child.wait().unwrap();
    assert!(status.success(), "clean exit on SIGTERM: {status:?}");
}

/// Runs `aws ARGS…` that prints nothing on success (PutMetricAlarm, CreateBudget).
fn ok_silent(cli: &Cli<'_>, args: &[&str]) {
    let out = cli
        .home
        .command(&cli.aws)
        .args(args)
        .args(["--endpoint-url", cli.endpoint])
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{args:?}\n{}",
        String::from_utf8_lossy(&out.stderr)
    );
}

#[test]
#[ignore = "needs the AWS CLI v1 / boto3 venv that ./scripts/test creates"]
fn aws_cli_v1_puts_and_describes_the_guides_billing_alarm() {
    let venv = venv();
    let server = spawn_emulator(&[]);
    let home = Home::new();
    let cli = Cli {
        aws: venv.join("bin/aws"),
        home: &home,
        endpoint: &server.endpoint,
    };
    // The guide's command verbatim (its quoted description kept as one argument), in us-east-1,
    // the only region with the billing metric.
    ok_silent(
        &cli,
        &[
            "cloudwatch",
            "put-metric-alarm",
            "--alarm-name",
            "Project-Alpha-Bedrock-Cost-Alert",
            "--alarm-description",
            "Alert when Project Alpha Bedrock costs exceed threshold",
            "--metric-name",
            "EstimatedCharges",
            "--namespace",
            "AWS/Billing",
            "--statistic",
            "Maximum",
            "--period",
            "86400",
            "--threshold",
            "100",
            "--comparison-operator",
            "GreaterThanThreshold",
            "--dimensions",
            "Name=Currency,Value=USD",
            "Name=ServiceName,Value=AmazonBedrock",
            "--evaluation-periods",
            "1",
            "--region",
            "us-east-1",
        ],
    );
    let described = cli.ok(
        "aws cloudwatch describe-alarms --alarm-names Project-Alpha-Bedrock-Cost-Alert --region us-east-1",
    );
    let alarms = described["MetricAlarms"].as_array().unwrap();
    assert_eq!(alarms.len(), 1, "{described}");
    let alarm = &alarms[0];
    assert_eq!(alarm["AlarmName"], "Project-Alpha-Bedrock-Cost-Alert");
    assert_eq!(
        alarm["AlarmDescription"],
        "Alert when Project Alpha Bedrock costs exceed threshold"
    );
    assert_eq!(alarm["MetricName"], "EstimatedCharges");
    assert_eq!(alarm["Namespace"], "AWS/Billing");
    assert_eq!(alarm["Statistic"], "Maximum");
    assert_eq!(alarm["Period"], 86400);
    assert_eq!(alarm["EvaluationPeriods"], 1);
    assert_eq!(alarm["Threshold"], 100.0);
    assert_eq!(alarm["ComparisonOperator"], "GreaterThanThreshold");
    assert_eq!(
        alarm["Dimensions"],
        serde_json::json!([
            {"Name": "Currency", "Value": "USD"},
            {"Name": "ServiceName", "Value": "AmazonBedrock"}
        ])
    );
    assert_eq!(alarm["StateValue"], "INSUFFICIENT_DATA");
    // AWS CLI v1 prints a timestamp as the wire has it (epoch seconds on awsJson1.0) unless
    // cli_timestamp_format says otherwise: a time after 2020.
    let updated = &alarm["StateUpdatedTimestamp"];
    assert!(updated.as_f64().is_some_and(|t| t > 1.577e9), "{updated}");
    // Alarms are regional, and a bad period is refused with CloudWatch's code.
    let tokyo = cli.ok("aws cloudwatch describe-alarms --region ap-northeast-1");
    assert_eq!(tokyo["MetricAlarms"], serde_json::json!([]));
    cli.fails(
        "aws cloudwatch put-metric-alarm --alarm-name x --metric-name m --namespace n --statistic Maximum --period 45 --threshold 1 --comparison-operator GreaterThanThreshold --evaluation-periods 1 --region us-east-1",
        "InvalidParameterValue",
    );
    cli.fails(
        "aws cloudwatch delete-alarms --alarm-names no-such-alarm --region us-east-1",
        "ResourceNotFound",
    );
    ok_silent(
        &cli,
        &[
            "cloudwatch",
            "delete-alarms",
            "--alarm-names",
            "Project-Alpha-Bedrock-Cost-Alert",
            "--region",
            "us-east-1",
        ],
    );
    let gone = cli.ok("aws cloudwatch describe-alarms --region us-east-1");
    assert_eq!(gone["MetricAlarms"], serde_json::json!([]));
}

#[test]
#[ignore = "needs the AWS CLI v1 / boto3 venv that ./scripts/test creates"]
fn boto3_describes_a_project_alpha_budget_with_its_tag_filter() {
    let venv = venv();
    let server = spawn_emulator(&[]);
    let home = Home::new();
    let cli = Cli {
        aws: venv.join("bin/aws"),
        home: &home,
        endpoint: &server.endpoint,
    };
    let account = bedrock_emulator::DEFAULT_ACCOUNT_ID;
    for name in ["Project-Alpha-Monthly", "Other"] {
        ok_silent(
            &cli,
            &[
                "budgets",
                "create-budget",
                "--account-id",
                account,
                "--budget",
                &format!(
                    r#"{{"BudgetName":"{name}","BudgetLimit":{{"Amount":"100","Unit":"USD"}},"TimeUnit":"MONTHLY","BudgetType":"COST","CostFilters":{{"TagKeyValue":["user:Project$Alpha"]}}}}"#
                ),
                "--notifications-with-subscribers",
                r#"[{"Notification":{"NotificationType":"ACTUAL","ComparisonOperator":"GREATER_THAN","Threshold":80,"ThresholdType":"PERCENTAGE"},"Subscribers":[{"SubscriptionType":"EMAIL","Address":"alpha-lead@example.com"}]}]"#,
                "--region",
                "us-east-1",
            ],
        );
    }
    cli.fails(
        &format!(
            r#"aws budgets create-budget --account-id {account} --region us-east-1 --budget {{"BudgetName":"Other","BudgetLimit":{{"Amount":"1","Unit":"USD"}},"TimeUnit":"MONTHLY","BudgetType":"COST"}}"#
        ),
        "DuplicateRecordException",
    );
    let script = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/conformance/boto3_budgets.py");
    let out = home
        .command(&venv.join("bin/python"))
        .arg(script)
        .arg(&server.endpoint)
        .arg(account)
        .arg("Project-Alpha-Monthly")
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let r: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(r["name"], "Project-Alpha-Monthly");
    assert_eq!(
        r["limit"],
        serde_json::json!({"Amount": "100", "Unit": "USD"})
    );
    assert_eq!(
        r["costFilters"],
        serde_json::json!({"TagKeyValue": ["user:Project$Alpha"]})
    );
    assert_eq!(r["timeUnit"], "MONTHLY");
    assert_eq!(r["budgetType"], "COST");
    // No call was made: nothing spent (and Project is not activated).
    assert_eq!(
        r["actual"],
        serde_json::json!({"Amount": "0", "Unit": "USD"})
    );
    assert_eq!(r["start_type"], "datetime");
    assert_eq!(r["thresholds"], serde_json::json!([80.0]));
    assert_eq!(r["states"], serde_json::json!(["OK"]));
    assert_eq!(
        r["subscribers"],
        serde_json::json!([{"SubscriptionType": "EMAIL", "Address": "alpha-lead@example.com"}])
    );
    assert_eq!(
        r["listed"],
        serde_json::json!(["Other", "Project-Alpha-Monthly"])
    );
    assert_eq!(r["missing"], "NotFoundException");
}
