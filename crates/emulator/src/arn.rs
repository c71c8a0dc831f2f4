//! Bedrock ARNs: parsing the ones requests carry and building the ones responses name.

/// A parsed Bedrock ARN: `arn:aws:bedrock:REGION:ACCOUNT:TYPE/ID`.
#[derive(Debug, PartialEq, Eq)]
pub(crate) struct Arn<'a> {
    pub(crate) region: &'a str,
    pub(crate) account: &'a str,
    pub(crate) resource_type: &'a str,
    pub(crate) resource_id: &'a str,
}

impl<'a> Arn<'a> {
    /// The parts of `text`; `None` when it is not a Bedrock ARN with a resource id.
    pub(crate) fn parse(text: &'a str) -> Option<Self> {
        let rest = text.strip_prefix("arn:aws:bedrock:")?;
        let (region, rest) = rest.split_once(':')?;
        let (account, resource) = rest.split_once(':')?;
        let (resource_type, resource_id) = resource.split_once('/')?;
        if resource_id.is_empty() {
            return None;
        }
        Some(Self {
            region,
            account,
            resource_type,
            resource_id,
        })
    }
}

/// `arn:aws:bedrock:REGION::foundation-model/ID`.
pub(crate) fn foundation_model_arn(region: &str, model_id: &str) -> String {
    format!("arn:aws:bedrock:{region}::foundation-model/{model_id}")
}

/// `arn:aws:bedrock:REGION:ACCOUNT:inference-profile/ID` (a system-defined profile).
pub(crate) fn system_profile_arn(region: &str, account: &str, profile_id: &str) -> String {
    format!("arn:aws:bedrock:{region}:{account}:inference-profile/{profile_id}")
}

/// `arn:aws:bedrock:REGION:ACCOUNT:application-inference-profile/ID`.
pub(crate) fn application_profile_arn(region: &str, account: &str, profile_id: &str) -> String {
    format!("arn:aws:bedrock:{region}:{account}:application-inference-profile/{profile_id}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn arns_parse() {
        let arn = Arn::parse("arn:aws:bedrock:us-east-1::foundation-model/amazon.nova-micro-v1:0");
        assert_eq!(
            arn,
            Some(Arn {
                region: "us-east-1",
                account: "",
                resource_type: "foundation-model",
                resource_id: "amazon.nova-micro-v1:0"
            })
        );
        assert_eq!(Arn::parse("arn:aws:s3:::bucket"), None);
    }
}
