// NumPy .npz archives (zip files of .npy members, as numpy.savez and
// numpy.savez_compressed write them), read and written in memory through
// libzip. Reading refuses what a hostile archive could use: members whose
// declared uncompressed size passes kMaxNpyBytes (checked before inflating;
// inflating also stops past the declared size, in case the header lies),
// member names with path tricks (absolute, '..', backslashes), duplicated
// names, encrypted members, compression other than stored or deflated, and
// truncated or inconsistent archives. Reading never writes anything.
// Torch-free.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

namespace stylemix {

// The magic bytes of a zip file's first local header and of an empty zip.
constexpr char kZipMagic[] = "PK\x03\x04";
constexpr char kEmptyZipMagic[] = "PK\x05\x06";
// The most members an archive may list.
constexpr std::size_t kMaxNpzMembers = 1024;

struct NpzMember {
    std::string file_name;            // in the archive: "w.npy"
    std::string key;                  // as numpy.load names it: "w"
    std::vector<std::uint8_t> bytes;  // the member's .npy image
};

// The array member of the .npz held in `data`: the one named `<preferred_key>.npy`,
// else the only .npy member. Throws std::runtime_error "<name>: ..." for an archive
// with no .npy member, several without the preferred one (listing them), and
// every refusal above.
NpzMember readNpzArrayMember(const std::uint8_t* data, std::size_t size, const std::string& name,
                             const std::string& preferred_key = "w");

// An .npz holding one stored (uncompressed) member, as numpy.savez writes:
// a zip with `member_name` whose contents are `bytes`. Throws std::runtime_error
// if libzip fails.
std::string serializeNpzStored(const std::string& member_name, const std::string& bytes);

}  // namespace stylemix
