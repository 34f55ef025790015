//! The case workflow of DOMAIN.md: statuses in their order.

use std::fmt;
use std::str::FromStr;

/// Where a case stands.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Status {
    /// Found (referral list, visit); no interview yet.
    Identified,
    /// The intake interview is complete.
    IntakeDone,
    /// A lawyer chose the pathway.
    Assessed,
    /// Requests to archives, registries, consulates are out.
    GatheringDocuments,
    /// The application is with an authority.
    Filed,
    /// Waiting for another state's answer (6-month rule).
    AwaitingForeignReply,
    /// The authority decided.
    Decision,
    /// The decision is under appeal.
    Appeal,
    /// The person holds the new document.
    Documented,
    /// Renewals and naturalisation eligibility are followed.
    FollowUp,
    /// Nothing more to do.
    Closed,
}

impl Status {
    /// Every status in workflow order.
    pub const ALL: [Status; 11] = [
        Status::Identified,
        Status::IntakeDone,
        Status::Assessed,
        Status::GatheringDocuments,
        Status::Filed,
        Status::AwaitingForeignReply,
        Status::Decision,
        Status::Appeal,
        Status::Documented,
        Status::FollowUp,
        Status::Closed,
    ];

    /// The id stored in the `status` field.
    pub fn as_str(self) -> &'static str {
        match self {
            Status::Identified => "identified",
            Status::IntakeDone => "intake_done",
            Status::Assessed => "assessed",
            Status::GatheringDocuments => "gathering_documents",
            Status::Filed => "filed",
            Status::AwaitingForeignReply => "awaiting_foreign_reply",
            Status::Decision => "decision",
            Status::Appeal => "appeal",
            Status::Documented => "documented",
            Status::FollowUp => "follow_up",
            Status::Closed => "closed",
        }
    }
}

impl fmt::Display for Status {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// Not one of the workflow's statuses.
#[derive(Debug, thiserror::Error)]
#[error("`{0}` is not a case status")]
pub struct UnknownStatus(pub String);

impl FromStr for Status {
    type Err = UnknownStatus;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Status::ALL
            .into_iter()
            .find(|st| st.as_str() == s.trim())
            .ok_or_else(|| UnknownStatus(s.to_owned()))
    }
}
