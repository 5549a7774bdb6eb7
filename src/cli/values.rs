//! How clap reads the library's own enums (`--lang`, `--kind`, `--by`, `--format`,
//! `--dialect`): the names and help are written here, so the library modules need no clap.

use clap::ValueEnum;
use clap::builder::PossibleValue;

use crate::domain::Kind;
use crate::i18n::Lang;
use crate::report::Dim;
use crate::report::export::{Dialect, ExportFormat};

impl ValueEnum for Lang {
    fn value_variants<'a>() -> &'a [Self] {
        &[Lang::Nl, Lang::En]
    }

    fn to_possible_value(&self) -> Option<PossibleValue> {
        Some(PossibleValue::new(self.code()))
    }
}

impl ValueEnum for Kind {
    fn value_variants<'a>() -> &'a [Self] {
        &[Kind::Kort, Kind::Hulpvraag]
    }

    fn to_possible_value(&self) -> Option<PossibleValue> {
        Some(PossibleValue::new(self.code()))
    }
}

impl ValueEnum for Dim {
    fn value_variants<'a>() -> &'a [Self] {
        &Dim::ALL
    }

    /// The name is the CSV column with dashes (`landlord-group`); the column itself
    /// (`landlord_group`) is taken too.
    fn to_possible_value(&self) -> Option<PossibleValue> {
        let name = match self {
            Dim::LandlordGroup => "landlord-group",
            Dim::ReferredTo => "referred-to",
            Dim::ReferredFrom => "referred-from",
            other => other.column(),
        };
        let mut value = PossibleValue::new(name);
        if name != self.column() {
            value = value.alias(self.column());
        }
        Some(match self {
            Dim::Signal => value
                .help("The signal label a contact carries (an open list: the labels that occur)"),
            Dim::ReferredTo => {
                value.help("The partner a resident was referred to (the partners that occur)")
            }
            Dim::ReferredFrom => {
                value.help("The partner that referred the resident (the partners that occur)")
            }
            _ => value,
        })
    }
}

impl ValueEnum for ExportFormat {
    fn value_variants<'a>() -> &'a [Self] {
        &[ExportFormat::Csv, ExportFormat::Xlsx]
    }

    fn to_possible_value(&self) -> Option<PossibleValue> {
        Some(PossibleValue::new(self.extension()))
    }
}

impl ValueEnum for Dialect {
    fn value_variants<'a>() -> &'a [Self] {
        &[Dialect::Rfc, Dialect::ExcelNl]
    }

    fn to_possible_value(&self) -> Option<PossibleValue> {
        Some(match self {
            Dialect::Rfc => PossibleValue::new("rfc")
                .help("RFC 4180: commas, CRLF line ends, quotes where needed"),
            Dialect::ExcelNl => PossibleValue::new("excel-nl").help(
                "What Dutch Excel opens correctly by double-click: semicolons, a UTF-8 byte \
                 order mark, and cells that would run as a formula made harmless",
            ),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_name_reads_back_as_its_value() {
        fn round_trip<T: ValueEnum + PartialEq + std::fmt::Debug>() {
            for v in T::value_variants() {
                let name = v.to_possible_value().unwrap();
                for n in name.get_name_and_aliases() {
                    assert_eq!(T::from_str(n, false).as_ref(), Ok(v), "{n}");
                }
            }
        }
        round_trip::<Lang>();
        round_trip::<Kind>();
        round_trip::<Dim>();
        round_trip::<ExportFormat>();
        round_trip::<Dialect>();
    }

    #[test]
    fn a_dimension_is_named_after_its_column_with_dashes() {
        assert_eq!(
            Dim::from_str("landlord-group", false),
            Ok(Dim::LandlordGroup)
        );
        assert_eq!(Dim::from_str("referred_to", false), Ok(Dim::ReferredTo));
        assert!(Dim::from_str("referred", false).is_err());
        for d in Dim::value_variants() {
            let name = d.to_possible_value().unwrap();
            assert_eq!(name.get_name().replace('-', "_"), d.column());
        }
    }
}
