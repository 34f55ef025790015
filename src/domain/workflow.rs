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

impl Status {
    /// Where a case can go from here (DOMAIN.md's workflow): the next step,
    /// the detours the workflow names (awaiting a foreign reply, appeal,
    /// follow-up) and closing, which is possible from any open status.
    pub fn next(self) -> Vec<Status> {
        use Status::*;
        let mut next = match self {
            Identified => vec![IntakeDone],
            IntakeDone => vec![Assessed],
            Assessed => vec![GatheringDocuments, Filed],
            GatheringDocuments => vec![Filed],
            Filed => vec![AwaitingForeignReply, Decision],
            AwaitingForeignReply => vec![Decision, Documented],
            Decision => vec![Appeal, Documented],
            Appeal => vec![Decision, Documented],
            Documented => vec![FollowUp],
            FollowUp => vec![],
            Closed => vec![],
        };
        if self != Closed {
            next.push(Closed);
        }
        next
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_open_case_can_move_on_or_close_and_a_closed_one_stays() {
        for status in Status::ALL {
            let next = status.next();
            if status == Status::Closed {
                assert!(next.is_empty());
            } else {
                assert!(next.contains(&Status::Closed), "{status}");
                assert!(!next.contains(&status), "{status} does not lead to itself");
            }
        }
        assert_eq!(Status::Identified.next(), [Status::IntakeDone, Status::Closed]);
        // No reply within 6 months: the person can be documented as stateless.
        assert!(Status::AwaitingForeignReply.next().contains(&Status::Documented));
        assert!(Status::Decision.next().contains(&Status::Appeal));
    }
}
