// Output files that are either completely written or not there at all.
#pragma once

#include <cstddef>
#include <string>
#include <vector>

namespace stylemix {

// Writes `size` bytes to `path` via a unique temp file in the same directory
// (".<name>.tmp.XXXXXX"), fsync, then rename over the target, so readers never
// see a partial file. A new file gets mode 0644; an existing target keeps its
// mode. On failure the temp file is removed, the target is left untouched, and
// std::runtime_error names the path, the failing step and the errno text.
// A target that exists and is not a regular file (a device node, FIFO, socket
// or directory, also through a symlink) is refused before anything is created.
void writeFileAtomic(const std::string& path, const void* data, std::size_t size);
void writeFileAtomic(const std::string& path, const std::string& data);

// Creates `dir` and any missing parents (like mkdir -p). Throws
// std::runtime_error if a component exists but is not a directory, or if
// creation fails. `created`, when given, receives every folder this call
// made, outermost first (so a caller can take them back).
void ensureDirectory(const std::string& dir, std::vector<std::string>* created = nullptr);

// Throws std::runtime_error "cannot write '<path>': is a device (...)" unless
// `path` is missing or a regular file; never opens or changes it.
void checkOutputTarget(const std::string& path);

// Files that belong together (a grid and its cells, a PNG and its recipe),
// written as a set: the first add() creates `dir` if needed and a hidden staging
// folder in it (nothing is touched before), add() writes each file there as
// soon as it is ready (so memory stays bounded), commit() puts them all in
// place: first every existing target is checked (a regular file or missing)
// and moved aside into the staging folder, then the new files are renamed in,
// then the old ones deleted. If any step fails, the new files already placed
// are removed and the moved-aside originals renamed back, so the user's files
// are never lost (one that cannot be put back stays in the staging folder and
// the error names it). Without commit() (an error, disk full, a cancel) the
// staging folder is removed, and every folder this run created on the way to
// `dir` if it is empty: a failed run leaves no partial set and nothing behind.
// Threading: one thread.
class OutputSet {
public:
    explicit OutputSet(std::string dir);
    ~OutputSet();
    OutputSet(const OutputSet&) = delete;
    OutputSet& operator=(const OutputSet&) = delete;

    // Refuses `name` in `dir` if it exists and is not a regular file (call before rendering).
    void checkTarget(const std::string& name) const;
    // Writes `name` (a plain file name) into the staging folder; a repeated name replaces the earlier file.
    void add(const std::string& name, const void* data, std::size_t size);
    void add(const std::string& name, const std::string& text);
    // For a file the caller streams itself (an animation, frame by frame): `name` joins the set as
    // add() would, and the caller writes and closes it at the returned path in the staging folder
    // before commit(). Without commit() it is removed with the staging folder.
    std::string stage(const std::string& name);
    void commit();

    const std::string& dir() const { return dir_; }
    std::size_t count() const { return names_.size(); }

private:
    void openStaging();
    void discard() noexcept;
    std::string target(const std::string& name) const;
    std::string staged(const std::string& name) const;
    std::string aside(const std::string& name) const;
    void moveTargetsAside(std::vector<std::string>& moved);
    // Undoes a failed commit: the first `placed` new files out, the moved-aside targets back.
    // Returns what could not be put back ("" when all was).
    std::string rollBack(std::size_t placed, const std::vector<std::string>& moved) noexcept;

    std::string dir_;
    std::string staging_;
    std::vector<std::string> names_;
    std::vector<std::string> created_dirs_;   // made by this run on the way to dir_, outermost first
    bool keep_staging_ = false;   // it holds a user's file that could not be put back
    bool committed_ = false;
};

}  // namespace stylemix
