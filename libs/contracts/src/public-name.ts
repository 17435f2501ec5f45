/**
 * How a person's name appears on anything posted or printed for the public (公示名单, 一事一议 结果公示) and in
 * the masked name of a read-model row: the surname followed by 某, never the given name. The one rule every
 * producer uses (eligibility's notice text and read model, @sa/documents' lists, the README's sample PDFs); pure,
 * so a domain folder may import it.
 */

/** Two-character surnames (复姓) kept whole. */
export const COMPOUND_SURNAMES: readonly string[] = [
  '欧阳', '司马', '诸葛', '上官', '东方', '皇甫', '尉迟', '公孙', '慕容', '长孙', '宇文', '司徒', '夏侯', '令狐',
  '端木', '澹台', '轩辕', '申屠', '呼延', '万俟', '闻人', '赫连', '南宫', '独孤', '百里', '西门', '第五', '司空',
];

/** `张伟` → `张某`, `欧阳娜娜` → `欧阳某`, `司马` (a one-character given name would be missing) → `司某`; blank → `某`. */
export function maskName(name: string): string {
  const trimmed = name.trim();
  if (trimmed === '') return '某';
  const compound = COMPOUND_SURNAMES.find((s) => trimmed.startsWith(s) && trimmed.length > s.length);
  const surname = compound ?? Array.from(trimmed)[0]!;
  return `${surname}某`;
}
