//! Choosing files in a folder: the folder typed as text, the files in it
//! with a given extension listed by name, each chosen or not (the import
//! screen's bundles; later backups and document scans).

use super::text_field::TextField;
use crate::tui::action::Edit;
use std::path::{Path, PathBuf};

/// A folder and the files of one kind in it.
#[derive(Debug)]
pub struct FileChooser {
    /// The folder (typed).
    pub folder: TextField,
    /// The files in it, with whether each is chosen.
    pub files: Vec<(PathBuf, bool)>,
    /// The highlighted file.
    pub selected: usize,
    /// Which files are listed.
    kind: Kind,
}

/// Which files a chooser lists.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Kind {
    /// Those whose name ends with this extension (without the dot).
    Extension(&'static str),
    /// Scans and photos Intake attaches, told by their first bytes (a
    /// camera card's names say nothing).
    Scans,
}

/// Whether a file's first bytes are a scan or photo Intake takes.
fn is_scan(path: &Path) -> bool {
    use std::io::Read as _;
    let mut head = [0u8; 64];
    let Ok(file) = std::fs::File::open(path) else {
        return false;
    };
    let n = file.take(64).read(&mut head).unwrap_or(0);
    crate::attach::Kind::sniff(&head[..n]).is_some()
}

/// The files of `kind` in a folder, by name (at most 2,000: a camera card's).
fn files_in(folder: &Path, kind: Kind) -> Vec<(PathBuf, bool)> {
    let Ok(entries) = std::fs::read_dir(folder) else {
        return Vec::new();
    };
    let mut files: Vec<PathBuf> = entries
        .flatten()
        .take(10_000)
        .map(|e| e.path())
        .filter(|p| {
            p.is_file()
                && match kind {
                    Kind::Extension(ext) => p.extension().is_some_and(|x| x == ext),
                    Kind::Scans => is_scan(p),
                }
        })
        .take(2000)
        .collect();
    files.sort();
    files.into_iter().map(|p| (p, false)).collect()
}

impl FileChooser {
    /// The chooser on a folder.
    pub fn new(folder: &Path, extension: &'static str) -> FileChooser {
        Self::of(folder, Kind::Extension(extension))
    }

    /// The chooser on a folder, listing the files of `kind`.
    pub fn of(folder: &Path, kind: Kind) -> FileChooser {
        FileChooser {
            folder: TextField::from_text(&folder.display().to_string()),
            files: files_in(folder, kind),
            selected: 0,
            kind,
        }
    }

    /// Edits the folder; the list follows it.
    pub fn edit_folder(&mut self, edit: Edit) {
        if self.folder.apply(edit) {
            self.files = files_in(Path::new(self.folder.value().trim()), self.kind);
            self.selected = 0;
        }
    }

    /// Moves the highlight by one file.
    pub fn step(&mut self, down: bool) {
        self.selected = if down {
            (self.selected + 1).min(self.files.len().saturating_sub(1))
        } else {
            self.selected.saturating_sub(1)
        };
    }

    /// Chooses the highlighted file, or not any more.
    pub fn toggle(&mut self) {
        if let Some((_, chosen)) = self.files.get_mut(self.selected) {
            *chosen = !*chosen;
        }
    }

    /// The files chosen, or all when none is.
    pub fn chosen(&self) -> Vec<PathBuf> {
        let chosen: Vec<PathBuf> = self
            .files
            .iter()
            .filter(|(_, c)| *c)
            .map(|(p, _)| p.clone())
            .collect();
        if chosen.is_empty() {
            self.files.iter().map(|(p, _)| p.clone()).collect()
        } else {
            chosen
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lists_the_files_of_its_kind_and_chooses_all_when_none_is_chosen() {
        let dir = tempfile::TempDir::new().unwrap();
        for name in ["b.bundle", "a.bundle", "notes.txt"] {
            std::fs::write(dir.path().join(name), b"x").unwrap();
        }
        let mut chooser = FileChooser::new(dir.path(), "bundle");
        let names = |paths: Vec<PathBuf>| -> Vec<String> {
            paths
                .iter()
                .map(|p| p.file_name().unwrap().to_string_lossy().into_owned())
                .collect()
        };
        assert_eq!(names(chooser.chosen()), ["a.bundle", "b.bundle"]);
        chooser.step(true);
        chooser.toggle();
        assert_eq!(names(chooser.chosen()), ["b.bundle"]);
        chooser.edit_folder(Edit::Insert('x'));
        assert!(
            chooser.files.is_empty(),
            "a folder that does not exist lists nothing"
        );
    }
}
