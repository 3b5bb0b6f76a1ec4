import Machinery

/// Entities that share their members (normally one entity per group: a clan and its
/// households), and which group each related row belongs to.
///
/// Built from the member lists the link found; nil when a related row would belong to two
/// different groups (a relation on fields that are not the entities' keys), where aggregates
/// are then summed entity by entity.
struct MemberGroups: Sendable {
    /// For each entity row: its group, or -1 when it has no member.
    let entityGroup: [Int32]
    /// For each related row: its group, or -1.
    let rowGroup: [Int32]
    /// Members of each group.
    let memberCounts: [Int]

    var count: Int { memberCounts.count }

    init?(members: [[Int32]], relatedCount: Int) {
        var entityGroup = [Int32](repeating: -1, count: members.count)
        var rowGroup = [Int32](repeating: -1, count: relatedCount)
        var memberCounts: [Int] = []
        var firstEntity: [Int] = []
        for (entity, rows) in members.enumerated() where !rows.isEmpty {
            let known = rowGroup[Int(rows[0])]
            if known >= 0 {
                // The same members as an entity met before, or the groups overlap.
                guard members[firstEntity[Int(known)]] == rows else { return nil }
                entityGroup[entity] = known
                continue
            }
            let group = Int32(memberCounts.count)
            for row in rows {
                guard rowGroup[Int(row)] < 0 else { return nil }
                rowGroup[Int(row)] = group
            }
            entityGroup[entity] = group
            memberCounts.append(rows.count)
            firstEntity.append(entity)
        }
        self.entityGroup = entityGroup
        self.rowGroup = rowGroup
        self.memberCounts = memberCounts
    }
}
