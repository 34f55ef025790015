//! An export encrypted to its recipient: one age file that the recipient
//! opens with the `age` tool, a zip of the CSV files.
//! Nothing of it is ever on disk in plaintext: each CSV file is kept, while
//! the rows are written, in an unnamed temporary file encrypted to a key
//! that exists only in memory for this export; at the end the files are
//! read back through that key into one zip, streamed through the
//! recipient's encryption into the output. (Never a workbook: its library
//! keeps its rows in plaintext temporary files while it writes.)

use super::ReportError;
use super::rows::Rows;
use crate::safe_csv::SafeCsv;
use std::fs::File;
use std::io::{BufReader, BufWriter, Seek, SeekFrom, Write};
use std::path::{Path, PathBuf};
use tempfile::NamedTempFile;

type Sealed<W> = age::stream::StreamWriter<W>;

/// Encrypts `out` to `recipients` as an age stream.
fn seal<W: Write>(out: W, recipients: &[&dyn age::Recipient]) -> std::io::Result<Sealed<W>> {
    age::Encryptor::with_recipients(recipients.iter().copied())
        .map_err(std::io::Error::other)?
        .wrap_output(out)
}

/// One sheet on its way: its rows, encrypted to the scratch key; the
/// scratch file, to read it back; its name in the zip.
type Scratch = (SafeCsv<Sealed<BufWriter<File>>>, File, String);

/// The CSV files of an export, zipped and encrypted to the recipient.
pub(super) struct SealedCsv {
    files: Vec<Scratch>,
    scratch: age::x25519::Identity,
    recipient: age::x25519::Recipient,
    path: PathBuf,
}

impl SealedCsv {
    /// Opens one scratch file per sheet in the output's folder.
    pub(super) fn open(
        path: &Path,
        sheets: &[String],
        recipient: age::x25519::Recipient,
    ) -> Result<Self, ReportError> {
        let folder = super::folder_of(path);
        let scratch = age::x25519::Identity::generate();
        let to = scratch.to_public();
        let mut files = Vec::new();
        for name in sheets {
            let fail = |e| ReportError::write(path, e);
            let file = tempfile::tempfile_in(folder).map_err(fail)?;
            let back = file.try_clone().map_err(fail)?;
            let writer = seal(BufWriter::new(file), &[&to]).map_err(fail)?;
            files.push((SafeCsv::new(writer), back, format!("{name}.csv")));
        }
        Ok(SealedCsv {
            files,
            scratch,
            recipient,
            path: path.to_owned(),
        })
    }
}

impl Rows for SealedCsv {
    fn row(&mut self, sheet: usize, cells: &[String]) -> Result<(), ReportError> {
        let (w, _, _) = &mut self.files[sheet];
        w.row(cells).map_err(|e| ReportError::csv(&self.path, e))
    }

    fn finish(self: Box<Self>) -> Result<(), ReportError> {
        let path = self.path.clone();
        let fail = |e: std::io::Error| ReportError::write(&path, e);
        let zip_fail = |e: zip::result::ZipError| ReportError::write(&path, std::io::Error::other(e));
        let out = NamedTempFile::new_in(super::folder_of(&path)).map_err(fail)?;
        let sealed = seal(BufWriter::new(out), &[&self.recipient]).map_err(fail)?;
        let mut zip = zip::ZipWriter::new_stream(sealed);
        let options = zip::write::SimpleFileOptions::default()
            .compression_method(zip::CompressionMethod::Deflated)
            .unix_permissions(0o600);
        for (w, mut back, name) in self.files {
            let sealed = w.into_inner().map_err(fail)?;
            sealed.finish().and_then(|mut b| b.flush()).map_err(fail)?;
            back.seek(SeekFrom::Start(0)).map_err(fail)?;
            let decryptor =
                age::Decryptor::new(BufReader::new(back)).map_err(|e| fail(std::io::Error::other(e)))?;
            let mut rows = decryptor
                .decrypt(std::iter::once(&self.scratch as &dyn age::Identity))
                .map_err(|e| fail(std::io::Error::other(e)))?;
            zip.start_file(name, options).map_err(zip_fail)?;
            std::io::copy(&mut rows, &mut zip).map_err(fail)?;
        }
        let sealed = zip.finish().map_err(zip_fail)?.into_inner();
        let file = sealed.finish().map_err(fail)?;
        let file = file.into_inner().map_err(|e| fail(e.into_error()))?;
        file.as_file().sync_all().map_err(fail)?;
        file.persist(&path).map_err(|e| fail(e.error))?;
        Ok(())
    }
}
