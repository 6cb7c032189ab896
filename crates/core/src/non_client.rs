//! Non-client calls (seed, example 5): the five situations registered under knowledge 6053.
//! Knows no page.

use serde::{Deserialize, Serialize};

/// The knowledge article non-client calls are registered under.
pub const KNOWLEDGE_ID: u64 = 6053;

/// Why a call is not from our client.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Reason {
    /// A partner's client called.
    PartnerClient,
    /// Wrong number (not calling Kontur).
    WrongNumber,
    /// A product with no internal number to transfer to (e.g. Контур.Зарплата).
    NoTransferProduct,
    /// A service-centre employee asking about the centre's own work.
    ServiceCentreOwnWork,
    /// An accounting office calling not as our client.
    AccountingOfficeNotClient,
}

impl Reason {
    /// All five, in the seed's order.
    pub fn all() -> [Reason; 5] {
        [
            Reason::PartnerClient,
            Reason::WrongNumber,
            Reason::NoTransferProduct,
            Reason::ServiceCentreOwnWork,
            Reason::AccountingOfficeNotClient,
        ]
    }

    /// Incident title, in Russian.
    pub fn title_ru(self) -> &'static str {
        match self {
            Reason::PartnerClient => "Звонок клиента партнера",
            Reason::WrongNumber => "Ошиблись номером (обращение не в Контур)",
            Reason::NoTransferProduct => "Вопрос по продукту без внутреннего номера для перевода",
            Reason::ServiceCentreOwnWork => "Сотрудник СЦ по работе СЦ, не от лица клиента",
            Reason::AccountingOfficeNotClient => "Звонок КО не как нашего клиента",
        }
    }

    /// Stable code for translations.
    pub fn code(self) -> &'static str {
        match self {
            Reason::PartnerClient => "partner_client",
            Reason::WrongNumber => "wrong_number",
            Reason::NoTransferProduct => "no_transfer_product",
            Reason::ServiceCentreOwnWork => "service_centre_own_work",
            Reason::AccountingOfficeNotClient => "accounting_office_not_client",
        }
    }

    /// The knowledge article to register it under (always [`KNOWLEDGE_ID`]).
    pub fn knowledge(self) -> u64 {
        KNOWLEDGE_ID
    }
}
