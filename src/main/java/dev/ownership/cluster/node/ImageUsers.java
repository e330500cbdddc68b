package dev.ownership.cluster.node;

import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/** The users and groups of an image's {@code /etc/passwd} and {@code /etc/group}, for a user given by name. */
record ImageUsers(Map<String, Account> byName, Map<Long, Account> byUid, Map<String, Long> groups) {

  record Account(long uid, long gid, String home) {
  }

  static ImageUsers parse(String passwd, String group) {
    Map<String, Account> byName = new HashMap<>();
    Map<Long, Account> byUid = new HashMap<>();
    for (String[] fields : lines(passwd, 7)) { // name:password:uid:gid:gecos:home:shell
      Account account = new Account(Long.parseLong(fields[2]), Long.parseLong(fields[3]), fields[5]);
      byName.put(fields[0], account);
      byUid.putIfAbsent(account.uid(), account);
    }
    Map<String, Long> groups = new HashMap<>();
    for (String[] fields : lines(group, 3)) { // name:password:gid:members
      groups.put(fields[0], Long.parseLong(fields[2]));
    }
    return new ImageUsers(byName, byUid, groups);
  }

  Optional<Account> user(String nameOrUid) {
    return Optional.ofNullable(byName.get(nameOrUid))
        .or(() -> isNumeric(nameOrUid) ? Optional.ofNullable(byUid.get(Long.parseLong(nameOrUid))) : Optional.empty());
  }

  Optional<Long> group(String nameOrGid) {
    return isNumeric(nameOrGid) ? Optional.of(Long.parseLong(nameOrGid)) : Optional.ofNullable(groups.get(nameOrGid));
  }

  static boolean isNumeric(String id) {
    return !id.isEmpty() && id.chars().allMatch(Character::isDigit);
  }

  private static Iterable<String[]> lines(String file, int minFields) {
    return file.lines().filter(line -> !line.startsWith("#")).map(line -> line.split(":", -1))
        .filter(fields -> fields.length >= minFields && isNumeric(fields[2]) && (minFields < 7 || isNumeric(fields[3])))
        .toList();
  }
}
