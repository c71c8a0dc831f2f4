//! What Strata knows about Bedrock's models beyond what the listings say: the shape of their
//! ARNs, the geographies of profile prefixes, providers and tool use by model id.

/// Parses a foundation-model ARN `arn:aws:bedrock:REGION::foundation-model/MODEL_ID`.
pub(crate) fn parse_foundation_model_arn(arn: &str) -> Option<(String, String)> {
    let mut parts = arn.splitn(6, ':');
    let (Some("arn"), Some(_partition), Some("bedrock"), Some(region), Some(_account), Some(rest)) = (
        parts.next(),
        parts.next(),
        parts.next(),
        parts.next(),
        parts.next(),
        parts.next(),
    ) else {
        return None;
    };
    let model_id = rest.strip_prefix("foundation-model/")?;
    Some((region.to_owned(), model_id.to_owned()))
}

/// The geography a system-defined profile id routes within, from its prefix (`us.` → `US`).
pub(crate) fn geography_of(profile_id: &str) -> Option<String> {
    let prefix = profile_id.split('.').next()?;
    let name = match prefix {
        "us" => "US",
        "eu" => "EU",
        "apac" => "APAC",
        "global" => "Global",
        "us-gov" => "US GovCloud",
        "jp" => "Japan",
        "au" => "Australia",
        "ca" => "Canada",
        _ => return None,
    };
    Some(name.to_owned())
}

/// The provider of a model id from its prefix, for models a region's list does not carry.
pub(super) fn provider_from_model_id(model_id: &str) -> Option<String> {
    let prefix = model_id.split('.').next()?;
    let name = match prefix {
        "anthropic" => "Anthropic",
        "amazon" => "Amazon",
        "meta" => "Meta",
        "mistral" => "Mistral AI",
        "cohere" => "Cohere",
        "ai21" => "AI21 Labs",
        "deepseek" => "DeepSeek",
        "openai" => "OpenAI",
        "qwen" => "Qwen",
        "writer" => "Writer",
        "stability" => "Stability AI",
        _ => return None,
    };
    Some(name.to_owned())
}

/// Whether Converse tool use works with a model, where Strata knows it.
pub(super) fn tool_use_of(model_id: &str) -> Option<bool> {
    let id = model_id;
    if id.starts_with("anthropic.claude-3")
        || id.starts_with("anthropic.claude-sonnet")
        || id.starts_with("anthropic.claude-opus")
        || id.starts_with("anthropic.claude-haiku")
        || id.starts_with("amazon.nova")
        || id.starts_with("cohere.command-r")
        || id.starts_with("mistral.mistral-large")
        || id.starts_with("meta.llama3-1")
        || id.starts_with("meta.llama3-2-11b")
        || id.starts_with("meta.llama3-2-90b")
        || id.starts_with("meta.llama3-3")
        || id.starts_with("meta.llama4")
    {
        Some(true)
    } else if id.starts_with("amazon.titan")
        || id.starts_with("anthropic.claude-v2")
        || id.starts_with("anthropic.claude-instant")
        || id.starts_with("meta.llama2")
        || id.starts_with("meta.llama3-8b")
        || id.starts_with("meta.llama3-70b")
    {
        Some(false)
    } else {
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn foundation_model_arns_parse() {
        assert_eq!(
            parse_foundation_model_arn(
                "arn:aws:bedrock:ap-northeast-1::foundation-model/anthropic.claude-3-haiku-20240307-v1:0"
            ),
            Some((
                "ap-northeast-1".to_owned(),
                "anthropic.claude-3-haiku-20240307-v1:0".to_owned()
            ))
        );
        assert_eq!(
            parse_foundation_model_arn(
                "arn:aws:bedrock:us-east-1:123456789012:inference-profile/us.x"
            ),
            None
        );
        assert_eq!(parse_foundation_model_arn("not an arn"), None);
    }

    #[test]
    fn geographies_come_from_the_id_prefix() {
        assert_eq!(
            geography_of("us.anthropic.claude-3-haiku-20240307-v1:0").as_deref(),
            Some("US")
        );
        assert_eq!(
            geography_of("apac.amazon.nova-lite-v1:0").as_deref(),
            Some("APAC")
        );
        assert_eq!(
            geography_of("global.anthropic.claude-sonnet-4-20250514-v1:0").as_deref(),
            Some("Global")
        );
        assert_eq!(geography_of("anthropic.claude").as_deref(), None);
    }
}
