import { describe, expect, it } from '@jest/globals';
import { attributeFields, listItems } from '../../src/parse/prisma/prisma-attributes.js';
import { parsePrisma } from '../../src/parse/prisma/parse-prisma.js';

const SCHEMA = `// the app's schema
generator client {
  provider = "prisma-client-js"
}

datasource db {
  provider = "postgresql" // production
  url      = env("DATABASE_URL")
}

enum Role {
  USER
  ADMIN
}

model User {
  id        BigInt   @id @default(autoincrement())
  email     String   @unique @db.VarChar(200)
  role      Role     @default(USER)
  settings  Json     @default("{}")
  createdAt DateTime @default(now()) @map("created_at") @db.Timestamptz(3)
  posts     Post[]

  @@map("users")
}

model Post {
  id       BigInt  @id @default(autoincrement())
  authorId BigInt? @map("author_id")
  author   User?   @relation(fields: [authorId], references: [id], onDelete: SetNull)
  legacy   Unsupported("circle")?
  @@index([authorId, id(sort: Desc)],
          map: "posts_author_idx")
}
`;

describe('parsePrisma', () => {
  const schema = parsePrisma(SCHEMA);

  it('reads the datasource provider, enums and models', () => {
    expect(schema.errors).toEqual([]);
    expect(schema.provider).toBe('postgresql');
    expect([...schema.enums]).toEqual(['Role']);
    expect(schema.models.map((model) => [model.name, model.tableName])).toEqual([
      ['User', 'users'],
      ['Post', 'Post'],
    ]);
  });

  it('reads fields with optionality, lists and attributes', () => {
    const user = schema.models[0]!;
    expect(user.fields.map((field) => `${field.name}:${field.type}${field.list ? '[]' : ''}${field.optional ? '?' : ''}`)).toEqual([
      'id:BigInt',
      'email:String',
      'role:Role',
      'settings:Json',
      'createdAt:DateTime',
      'posts:Post[]',
    ]);
    const createdAt = user.fields[4]!;
    expect(createdAt.attributes.map((attribute) => attribute.name)).toEqual(['default', 'map', 'db.Timestamptz']);
    expect(schema.lines.text.slice(createdAt.typeSpan.start, createdAt.typeSpan.end)).toBe('DateTime');
    expect(user.fields[3]!.attributes[0]!.positional).toEqual(['"{}"']);
  });

  it('reads relations and multi-line block attributes', () => {
    const post = schema.models[1]!;
    const relation = post.fields[2]!.attributes[0]!;
    expect(listItems(relation.named.get('fields'))).toEqual(['authorId']);
    expect(relation.named.get('onDelete')).toBe('SetNull');
    expect(post.fields[3]!).toMatchObject({ type: 'Unsupported("circle")', optional: true });
    expect(post.blockAttributes.map((attribute) => [attribute.name, attributeFields(attribute)])).toEqual([['index', ['authorId', 'id']]]);
  });

  it('keeps comments (for suppressions) with their offsets', () => {
    expect(schema.comments.map((comment) => comment.text)).toEqual(["// the app's schema", '// production']);
  });

  it('reads block comments (/* … */) as comments, keeping the lines of what follows', () => {
    const text =
      '/**\n * Users of the app.\n * Kept in sync with the auth provider.\n */\nmodel User {\n  id    Int    @id /* primary */\n  email String\n}\n';
    const parsed = parsePrisma(text);
    expect(parsed.errors).toEqual([]);
    const user = parsed.models.find((model) => model.name === 'User')!;
    expect(user.fields.map((field) => field.name)).toEqual(['id', 'email']);
    expect(parsed.lines.position(user.fields[1]!.nameSpan.start).line).toBe(7);
  });

  it('reports what it cannot read instead of failing', () => {
    const broken = parsePrisma('model A {\n  id Int @id\n  !!!\n}\nstray text\nmodel B {\n  id Int @id\n');
    expect(broken.models.map((model) => model.name)).toEqual(['A']);
    expect(broken.errors.map((error) => error.message)).toEqual([
      'cannot read the field "!!!" of model A',
      'unexpected "stray text"',
      'block "B" is never closed',
    ]);
  });
});
