// Source lists as users type them, on the command line and in the explorer:
// "12,3-5,12.25:0.5,7.5,face.npz". Torch-free.
#pragma once

#include "model/core/source.h"
#include "model/io/w_file.h"

#include <cstddef>
#include <memory>
#include <string>
#include <vector>

namespace stylemix {

// One item of a list: seeds (a number "N" or a range "A-B"), a latent position
// ("X:Y", or "X" with a '.', an exponent or a sign, meaning X:0), or a W file
// (.npy / .npz, read when parsed; its ws fit a model only later; "FILE[i]"
// takes only its w number i).
struct SourceListItem {
    std::vector<Source> sources;        // seeds or one position, without a class
    std::shared_ptr<const WFile> file;  // set for a W file
    int file_index = -1;                // "face.npz[2]": only that w of the file; -1 = all
};

// Throws std::runtime_error naming `what` (e.g. "--rows") and the item at
// fault: empty items, text that is none of the forms above, reversed ranges,
// seeds above 2^32 - 1, positions beyond 1e15, more than max_count seeds, and
// anything the W file reader refuses.
std::vector<SourceListItem> parseSourceList(const std::string& spec, const std::string& what, std::size_t max_count = 100000);

// The sources for a model of num_ws x w_dim: a W file gives one Source::ws per
// w it holds (wArraysFor, origin set: path, SHA-256, index); seeds and positions
// take class_index (-1 = none). A W file of the wrong shape throws its reader's message.
std::vector<Source> resolveSourceList(const std::vector<SourceListItem>& items, int num_ws, int w_dim, int class_index);

// The text a source is typed as: "85", "12.25:0.5", or the W file's path (with
// "[i]" when it is one of several ws of that file). parseSourceList reads it back.
std::string sourceText(const Source& source);

}  // namespace stylemix
