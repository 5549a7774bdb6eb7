//! The sync URL: parsing `postgres://user:password@host:port/db?sslmode=...`, showing it with
//! its password masked (the only form that ever reaches a message or a log), and connecting
//! with TLS through rustls the way libpq reads `sslmode` and `sslrootcert`.

use std::path::PathBuf;
use std::sync::Arc;
use std::time::Duration;

use postgres::config::SslMode;
use rustls::client::danger::{HandshakeSignatureValid, ServerCertVerified, ServerCertVerifier};
use rustls::pki_types::{CertificateDer, ServerName, UnixTime};
use rustls::{DigitallySignedStruct, RootCertStore, SignatureScheme};

use super::SyncError;

/// How long a connection attempt waits before the server counts as unreachable.
const CONNECT_TIMEOUT: Duration = Duration::from_secs(10);

/// What `sslmode` asks for, as libpq reads it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Tls {
    /// No TLS.
    Disable,
    /// TLS when the server offers it, unverified (libpq's default).
    Prefer,
    /// TLS always; the certificate is checked against `sslrootcert` only when one is given.
    Require,
    /// TLS with a certificate signed by a trusted authority, for any host name.
    VerifyCa,
    /// TLS with a trusted certificate for the host name in the URL.
    VerifyFull,
}

/// A parsed sync URL. Its `Debug` and `Display` show the password masked.
#[derive(Clone)]
pub struct SyncUrl {
    raw: String,
    /// The URL without the parameters balie handles itself (`sslmode`, `sslrootcert`).
    for_client: String,
    pub tls: Tls,
    pub root_cert: Option<PathBuf>,
}

impl std::fmt::Debug for SyncUrl {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "SyncUrl({})", mask(&self.raw))
    }
}

impl std::fmt::Display for SyncUrl {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&mask(&self.raw))
    }
}

impl SyncUrl {
    /// Parse `postgres://` or `postgresql://` URL `raw`.
    pub fn parse(raw: &str) -> Result<SyncUrl, SyncError> {
        let raw = raw.trim();
        let bad = |why: &str| SyncError::BadUrl {
            url: mask(raw),
            why: why.to_string(),
        };
        if !(raw.starts_with("postgres://") || raw.starts_with("postgresql://")) {
            return Err(bad("it does not start with postgres://"));
        }
        let (base, query) = match raw.split_once('?') {
            Some((b, q)) => (b, q),
            None => (raw, ""),
        };
        let mut tls = Tls::Prefer;
        let mut root_cert = None;
        let mut kept = Vec::new();
        for pair in query.split('&').filter(|p| !p.is_empty()) {
            let (key, value) = pair.split_once('=').unwrap_or((pair, ""));
            match key {
                "sslmode" => {
                    tls = match value {
                        "disable" => Tls::Disable,
                        "allow" | "prefer" => Tls::Prefer,
                        "require" => Tls::Require,
                        "verify-ca" => Tls::VerifyCa,
                        "verify-full" => Tls::VerifyFull,
                        other => {
                            return Err(bad(&format!(
                                "sslmode `{other}` is not one of disable, prefer, require, \
                                 verify-ca, verify-full"
                            )));
                        }
                    }
                }
                "sslrootcert" => root_cert = Some(PathBuf::from(percent_decode(value))),
                _ => kept.push(pair),
            }
        }
        let for_client = if kept.is_empty() {
            base.to_string()
        } else {
            format!("{base}?{}", kept.join("&"))
        };
        let config: postgres::Config = for_client
            .parse()
            .map_err(|e: postgres::Error| bad(&e.to_string()))?;
        if config.get_user().is_none() {
            return Err(bad(
                "it names no user (postgres://USER:PASSWORD@HOST/DATABASE)",
            ));
        }
        Ok(SyncUrl {
            raw: raw.to_string(),
            for_client,
            tls,
            root_cert,
        })
    }

    /// The client configuration, without TLS settings.
    pub fn config(&self) -> postgres::Config {
        let mut config: postgres::Config =
            self.for_client.parse().expect("parsed in SyncUrl::parse");
        config.connect_timeout(CONNECT_TIMEOUT);
        config.keepalives(true);
        config.keepalives_idle(Duration::from_secs(30));
        config.application_name("balie");
        config.ssl_mode(match self.tls {
            Tls::Disable => SslMode::Disable,
            Tls::Prefer => SslMode::Prefer,
            Tls::Require | Tls::VerifyCa | Tls::VerifyFull => SslMode::Require,
        });
        config
    }

    /// The login name in the URL.
    pub fn user(&self) -> String {
        self.config().get_user().unwrap_or_default().to_string()
    }

    /// The URL with another user and password, for the sync URL of a new desk role. The
    /// password is percent-encoded; host, port, database and parameters stay.
    pub fn with_login(&self, user: &str, password: &str) -> String {
        let (scheme, rest) = self.raw.split_once("://").expect("checked in parse");
        let after_at = match rest.split_once('/') {
            Some((authority, path)) => {
                let host = authority.rsplit_once('@').map_or(authority, |(_, h)| h);
                format!("{host}/{path}")
            }
            None => rest.rsplit_once('@').map_or(rest, |(_, h)| h).to_string(),
        };
        format!(
            "{scheme}://{}:{}@{after_at}",
            percent_encode(user),
            percent_encode(password)
        )
    }

    /// Connect: one attempt, with the URL's TLS settings.
    pub fn connect(&self) -> Result<postgres::Client, SyncError> {
        let config = self.config();
        let result = match self.tls {
            Tls::Disable => config.connect(postgres::NoTls),
            _ => config.connect(tokio_postgres_rustls::MakeRustlsConnect::new(
                self.tls_config()?,
            )),
        };
        result.map_err(|e| SyncError::from_connect(self, e))
    }

    fn tls_config(&self) -> Result<rustls::ClientConfig, SyncError> {
        let provider = Arc::new(rustls::crypto::ring::default_provider());
        let builder = rustls::ClientConfig::builder_with_provider(provider.clone())
            .with_safe_default_protocol_versions()
            .expect("ring supports the default protocol versions");
        let verify = matches!(
            (self.tls, &self.root_cert),
            (Tls::VerifyCa | Tls::VerifyFull, _) | (Tls::Require, Some(_))
        );
        if !verify {
            return Ok(builder
                .dangerous()
                .with_custom_certificate_verifier(Arc::new(NoVerification(provider)))
                .with_no_client_auth());
        }
        let roots = Arc::new(self.roots()?);
        let webpki = rustls::client::WebPkiServerVerifier::builder_with_provider(roots, provider)
            .build()
            .map_err(|e| SyncError::Tls {
                url: self.to_string(),
                why: e.to_string(),
            })?;
        let verifier: Arc<dyn ServerCertVerifier> = if self.tls == Tls::VerifyFull {
            webpki
        } else {
            Arc::new(AnyHostName(webpki))
        };
        Ok(builder
            .dangerous()
            .with_custom_certificate_verifier(verifier)
            .with_no_client_auth())
    }

    /// The trusted authorities: the `sslrootcert` file, or the common public ones.
    fn roots(&self) -> Result<RootCertStore, SyncError> {
        let mut roots = RootCertStore::empty();
        match &self.root_cert {
            Some(path) => {
                use rustls::pki_types::pem::PemObject;
                let certs: Vec<CertificateDer> = CertificateDer::pem_file_iter(path)
                    .and_then(|it| it.collect::<Result<_, _>>())
                    .map_err(|e| SyncError::RootCert {
                        path: path.clone(),
                        why: e.to_string(),
                    })?;
                if certs.is_empty() {
                    return Err(SyncError::RootCert {
                        path: path.clone(),
                        why: "it holds no certificate".into(),
                    });
                }
                for c in certs {
                    roots.add(c).map_err(|e| SyncError::RootCert {
                        path: path.clone(),
                        why: e.to_string(),
                    })?;
                }
            }
            None => roots.extend(webpki_roots::TLS_SERVER_ROOTS.iter().cloned()),
        }
        Ok(roots)
    }
}

/// `url` with the password replaced by `***`: in the user-info part of a URL and in a
/// `password=` parameter.
pub fn mask(url: &str) -> String {
    let mut out = url.to_string();
    if let Some((scheme, rest)) = url.split_once("://") {
        let authority_end = rest.find(['/', '?']).unwrap_or(rest.len());
        let authority = &rest[..authority_end];
        if let Some((userinfo, host)) = authority.rsplit_once('@') {
            let user = userinfo.split_once(':').map_or(userinfo, |(u, _)| u);
            let masked = if userinfo.contains(':') {
                format!("{user}:***@{host}")
            } else {
                format!("{user}@{host}")
            };
            out = format!("{scheme}://{masked}{}", &rest[authority_end..]);
        }
    }
    if let Some(q) = out.find('?') {
        let (base, query) = out.split_at(q + 1);
        let query: Vec<String> = query
            .split('&')
            .map(|p| match p.split_once('=') {
                Some((k, _)) if k.eq_ignore_ascii_case("password") => format!("{k}=***"),
                _ => p.to_string(),
            })
            .collect();
        out = format!("{base}{}", query.join("&"));
    }
    out
}

fn percent_encode(s: &str) -> String {
    let mut out = String::new();
    for b in s.bytes() {
        if b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.' | b'~') {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

fn percent_decode(s: &str) -> String {
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%'
            && i + 2 < bytes.len() + 1
            && let Some(v) = s
                .get(i + 1..i + 3)
                .and_then(|h| u8::from_str_radix(h, 16).ok())
        {
            out.push(v);
            i += 3;
            continue;
        }
        out.push(bytes[i]);
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

/// `sslmode=prefer` or `require` without a root certificate: encrypted, not verified (as
/// libpq does). The handshake signatures are still checked.
#[derive(Debug)]
struct NoVerification(Arc<rustls::crypto::CryptoProvider>);

impl ServerCertVerifier for NoVerification {
    fn verify_server_cert(
        &self,
        _end_entity: &CertificateDer<'_>,
        _intermediates: &[CertificateDer<'_>],
        _server_name: &ServerName<'_>,
        _ocsp_response: &[u8],
        _now: UnixTime,
    ) -> Result<ServerCertVerified, rustls::Error> {
        Ok(ServerCertVerified::assertion())
    }

    fn verify_tls12_signature(
        &self,
        message: &[u8],
        cert: &CertificateDer<'_>,
        dss: &DigitallySignedStruct,
    ) -> Result<HandshakeSignatureValid, rustls::Error> {
        rustls::crypto::verify_tls12_signature(
            message,
            cert,
            dss,
            &self.0.signature_verification_algorithms,
        )
    }

    fn verify_tls13_signature(
        &self,
        message: &[u8],
        cert: &CertificateDer<'_>,
        dss: &DigitallySignedStruct,
    ) -> Result<HandshakeSignatureValid, rustls::Error> {
        rustls::crypto::verify_tls13_signature(
            message,
            cert,
            dss,
            &self.0.signature_verification_algorithms,
        )
    }

    fn supported_verify_schemes(&self) -> Vec<SignatureScheme> {
        self.0.signature_verification_algorithms.supported_schemes()
    }
}

/// `sslmode=verify-ca`: a trusted chain, whatever host name the certificate names.
#[derive(Debug)]
struct AnyHostName(Arc<rustls::client::WebPkiServerVerifier>);

impl ServerCertVerifier for AnyHostName {
    fn verify_server_cert(
        &self,
        end_entity: &CertificateDer<'_>,
        intermediates: &[CertificateDer<'_>],
        server_name: &ServerName<'_>,
        ocsp_response: &[u8],
        now: UnixTime,
    ) -> Result<ServerCertVerified, rustls::Error> {
        use rustls::{CertificateError, Error};
        match self
            .0
            .verify_server_cert(end_entity, intermediates, server_name, ocsp_response, now)
        {
            Err(Error::InvalidCertificate(
                CertificateError::NotValidForName | CertificateError::NotValidForNameContext { .. },
            )) => Ok(ServerCertVerified::assertion()),
            other => other,
        }
    }

    fn verify_tls12_signature(
        &self,
        message: &[u8],
        cert: &CertificateDer<'_>,
        dss: &DigitallySignedStruct,
    ) -> Result<HandshakeSignatureValid, rustls::Error> {
        self.0.verify_tls12_signature(message, cert, dss)
    }

    fn verify_tls13_signature(
        &self,
        message: &[u8],
        cert: &CertificateDer<'_>,
        dss: &DigitallySignedStruct,
    ) -> Result<HandshakeSignatureValid, rustls::Error> {
        self.0.verify_tls13_signature(message, cert, dss)
    }

    fn supported_verify_schemes(&self) -> Vec<SignatureScheme> {
        self.0.supported_verify_schemes()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_password_never_shows() {
        assert_eq!(
            mask("postgres://desk_noord:g3heim@db.example:5432/balie?sslmode=require"),
            "postgres://desk_noord:***@db.example:5432/balie?sslmode=require"
        );
        assert_eq!(
            mask("postgres://db.example/balie?user=a&password=g3heim"),
            "postgres://db.example/balie?user=a&password=***"
        );
        assert_eq!(mask("postgres://a@h/db"), "postgres://a@h/db");
        let url = SyncUrl::parse("postgres://a:p%40ss@h:5/db?sslmode=verify-full").unwrap();
        assert_eq!(
            url.to_string(),
            "postgres://a:***@h:5/db?sslmode=verify-full"
        );
        assert_eq!(
            format!("{url:?}"),
            "SyncUrl(postgres://a:***@h:5/db?sslmode=verify-full)"
        );
        assert_eq!(url.tls, Tls::VerifyFull);
    }

    #[test]
    fn a_bad_url_says_what_is_wrong_without_the_password() {
        let e = SyncUrl::parse("mysql://a:geheim@h/db")
            .unwrap_err()
            .to_string();
        assert!(e.contains("postgres://") && !e.contains("geheim"), "{e}");
        let e = SyncUrl::parse("postgres://a:geheim@h/db?sslmode=sometimes")
            .unwrap_err()
            .to_string();
        assert!(
            e.contains("sslmode `sometimes`") && !e.contains("geheim"),
            "{e}"
        );
    }

    #[test]
    fn a_new_login_keeps_host_database_and_parameters() {
        let url =
            SyncUrl::parse("postgres://admin:x@db.example:5433/stad?sslmode=require").unwrap();
        assert_eq!(
            url.with_login("balie_noord", "a/b"),
            "postgres://balie_noord:a%2Fb@db.example:5433/stad?sslmode=require"
        );
        let parsed = SyncUrl::parse(&url.with_login("balie_noord", "a/b")).unwrap();
        assert_eq!(parsed.user(), "balie_noord");
        assert_eq!(parsed.config().get_password(), Some(&b"a/b"[..]));
        assert_eq!(percent_decode("%2Ftmp%2Fca.pem"), "/tmp/ca.pem");
    }
}
