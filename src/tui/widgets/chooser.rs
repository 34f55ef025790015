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
    /// The files' extension, without the dot.
    extension: &'static str,
}

/// The files with `extension` in a folder, by name.
fn files_in(folder: &Path, extension: &str) -> Vec<(PathBuf, bool)> {
    let Ok(entries) = std::fs::read_dir(folder) else {
        return Vec::new();
    };
    let mut files: Vec<PathBuf> = entries
        .flatten()
        .map(|e| e.path())
        .filter(|p| p.is_file() && p.extension().is_some_and(|x| x == extension))
        .collect();
    files.sort();
    files.into_iter().map(|p| (p, false)).collect()
}

impl FileChooser {
    /// The chooser on a folder.
    pub fn new(folder: &Path, extension: &'static str) -> FileChooser {
        FileChooser {
            folder: TextField::from_text(&folder.display().to_string()),
            files: files_in(folder, extension),
            selected: 0,
            extension,
        }
    }

    /// Edits the folder; the list follows it.
    pub fn edit_folder(&mut self, edit: Edit) {
        if self.folder.apply(edit) {
            self.files = files_in(Path::new(self.folder.value().trim()), self.extension);
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
