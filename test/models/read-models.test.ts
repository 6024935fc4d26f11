import { beforeAll, describe, expect, it } from '@jest/globals';
import { readAnnotation } from '../../src/models/annotation.js';
import { readModels } from '../../src/models/read-models.js';
import type { ModelTable } from '../../src/models/model-types.js';
import { loadPythonParser } from '../../src/parse/python/python-parser.js';

/** Model extraction for SQLAlchemy 1.4 (Column), 2.0 (Mapped/mapped_column), SQLModel (Field) and Core tables. */

beforeAll(async () => {
  await loadPythonParser();
});

function table(python: string, name: string): ModelTable {
  const found = readModels(python).tables.find((candidate) => candidate.tableName === name);
  if (!found) throw new Error(`no table ${name}`);
  return found;
}

function column(model: ModelTable, name: string) {
  const found = model.columns.find((candidate) => candidate.name === name);
  if (!found) throw new Error(`no column ${name}`);
  return found;
}

describe('annotations', () => {
  it.each([
    ['Mapped[int]', { mapped: true, optional: false, collection: false, typeName: 'int' }],
    ['Mapped[Optional[str]]', { mapped: true, optional: true, typeName: 'str' }],
    ['Mapped[str | None]', { mapped: true, optional: true, typeName: 'str' }],
    ['Mapped[Union[None, datetime.datetime]]', { mapped: true, optional: true, typeName: 'datetime' }],
    ['"Mapped[list[\'Post\']]"', { mapped: true, collection: true, typeName: 'Post' }],
    ['so.WriteOnlyMapped["Event"]', { mapped: true, collection: true, loaderFromAnnotation: true, typeName: 'Event' }],
    ['Optional[int]', { mapped: false, optional: true, typeName: 'int' }],
    ['ClassVar[int]', { classVar: true }],
  ])('%s', (text, expected) => {
    expect(readAnnotation(text)).toMatchObject(expected);
  });
});

describe('SQLAlchemy 1.4 Column style', () => {
  const python = `
import sqlalchemy as sa
from sqlalchemy.orm import declarative_base, relationship, backref
Base = declarative_base()

class Order(Base):
    __tablename__ = "orders"
    __table_args__ = (sa.Index("ix_orders_customer", "customer_id", "placed_at"), sa.UniqueConstraint("number"))
    id = sa.Column(sa.Integer, primary_key=True)
    number = sa.Column("order_number", sa.String(20), nullable=False)
    customer_id = sa.Column(sa.Integer, sa.ForeignKey("customers.id", ondelete="CASCADE"), nullable=False)
    placed_at = sa.Column(sa.DateTime, server_default=sa.func.now())
    total = sa.Column(sa.Float, default=0)
    customer = relationship("Customer", backref=backref("orders", lazy="dynamic"))
`;
  it('reads columns, names, types, nullability, defaults and keys', () => {
    const orders = table(python, 'orders');
    expect(orders).toMatchObject({ className: 'Order', style: 'sqlalchemy', complete: true });
    expect(column(orders, 'id')).toMatchObject({ typeName: 'Integer', primaryKey: true, nullable: false });
    expect(column(orders, 'order_number')).toMatchObject({ attribute: 'number', typeText: 'sa.String(20)', nullable: false });
    expect(column(orders, 'customer_id').foreignKeys).toMatchObject([
      { target: 'customers.id', table: 'customers', column: 'id', onDelete: 'CASCADE' },
    ]);
    expect(column(orders, 'placed_at')).toMatchObject({
      typeName: 'DateTime',
      timezone: false,
      nullable: true,
      serverDefault: { text: 'sa.func.now()' },
    });
    expect(column(orders, 'total').pythonDefault).toBeDefined();
  });
  it('reads __table_args__ with attribute names mapped to column names', () => {
    expect(table(python, 'orders').indexes.map((index) => [index.kind, index.columns])).toEqual([
      ['index', ['customer_id', 'placed_at']],
      ['unique', ['order_number']],
    ]);
  });
  it('reads relationships with backref', () => {
    expect(table(python, 'orders').relationships).toMatchObject([{ attribute: 'customer', target: 'Customer', collection: false }]);
    expect(table(python, 'orders').relationships[0]!.backref).toBeDefined();
  });
});

describe('SQLAlchemy 2.0 Mapped style', () => {
  const python = `
from datetime import datetime
from typing import List, Optional
from sqlalchemy import BigInteger, ForeignKey, Index, String
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship
from app.mixins import AuditMixin

class Base(DeclarativeBase):
    pass

class TimestampMixin:
    created_at: Mapped[datetime] = mapped_column(server_default="now()")

class User(TimestampMixin, Base):
    __tablename__ = "users"
    id: Mapped[int] = mapped_column(BigInteger, primary_key=True)
    email: Mapped[str] = mapped_column(String(200), index=True)
    bio: Mapped[Optional[str]]
    nickname: Mapped[str | None] = mapped_column(nullable=False)
    posts: Mapped[List["Post"]] = relationship(back_populates="author")

class Post(AuditMixin, Base):
    __tablename__ = "posts"
    id: Mapped[int] = mapped_column(primary_key=True)
    author_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    author: Mapped["User"] = relationship(back_populates="posts", lazy="joined")

Index("ix_posts_author", Post.author_id)
`;
  it('takes nullability from the annotation unless nullable= says otherwise', () => {
    const users = table(python, 'users');
    expect(column(users, 'email')).toMatchObject({ nullable: false, index: true, annotationOptional: false });
    expect(column(users, 'bio')).toMatchObject({ nullable: true, typeName: 'String', typeFromAnnotation: true });
    expect(column(users, 'nickname')).toMatchObject({ nullable: false, annotationOptional: true, nullableArgument: { value: false } });
  });
  it('inherits mixin columns defined in the module', () => {
    expect(table(python, 'users').columns.map((item) => item.name)).toEqual(['created_at', 'id', 'email', 'bio', 'nickname']);
    expect(column(table(python, 'users'), 'created_at')).toMatchObject({ typeName: 'DateTime', timezone: false, typeFromAnnotation: true });
  });
  it('marks a table with an imported base as incomplete', () => {
    expect(table(python, 'users').complete).toBe(true);
    expect(table(python, 'posts').complete).toBe(false);
    expect(table(python, 'posts').indexesKnown).toBe(true);
  });
  it('reads collections and module-level indexes', () => {
    expect(table(python, 'users').relationships).toMatchObject([{ attribute: 'posts', target: 'Post', collection: true }]);
    expect(table(python, 'posts').relationships).toMatchObject([{ attribute: 'author', collection: false, lazy: 'joined' }]);
    expect(table(python, 'posts').indexes).toMatchObject([{ name: 'ix_posts_author', columns: ['author_id'] }]);
  });
});

describe('SQLModel', () => {
  const python = `
from datetime import datetime
from typing import Optional
from sqlmodel import Column, DateTime, Field, Relationship, SQLModel

class HeroBase(SQLModel):
    name: str = Field(index=True)
    age: Optional[int] = None

class Hero(HeroBase, table=True):
    id: Optional[int] = Field(default=None, primary_key=True)
    team_id: Optional[int] = Field(default=None, foreign_key="team.id", ondelete="SET NULL")
    born_at: datetime = Field(sa_column=Column(DateTime(timezone=True), nullable=False))
    team: Optional["Team"] = Relationship(back_populates="heroes", sa_relationship_kwargs={"lazy": "selectin"})

class HeroRead(HeroBase):
    id: int
`;
  it('maps only table=True classes, named after the class', () => {
    expect(readModels(python).tables.map((item) => item.tableName)).toEqual(['hero']);
  });
  it('reads fields, inherited fields, foreign_key= and sa_column=', () => {
    const hero = table(python, 'hero');
    expect(hero.style).toBe('sqlmodel');
    expect(column(hero, 'name')).toMatchObject({ typeName: 'String', nullable: false, index: true });
    expect(column(hero, 'age')).toMatchObject({ typeName: 'Integer', nullable: true });
    expect(column(hero, 'id')).toMatchObject({ primaryKey: true, nullable: false });
    expect(column(hero, 'team_id').foreignKeys).toMatchObject([{ target: 'team.id', onDelete: 'SET NULL' }]);
    expect(column(hero, 'born_at')).toMatchObject({ typeName: 'DateTime', timezone: true, nullable: false });
    expect(hero.relationships).toMatchObject([{ attribute: 'team', lazy: 'selectin', collection: false }]);
  });
});

describe('Core tables', () => {
  it('reads Table(...) with its columns and constraints', () => {
    const python = `
import sqlalchemy as sa
metadata = sa.MetaData()
tags = sa.Table("post_tags", metadata,
    sa.Column("post_id", sa.BigInteger, sa.ForeignKey("posts.id", ondelete="CASCADE")),
    sa.Column("tag_id", sa.BigInteger, sa.ForeignKey("tags.id", ondelete="CASCADE"), index=True),
    sa.PrimaryKeyConstraint("post_id", "tag_id"),
)
`;
    const tags = table(python, 'post_tags');
    expect(tags).toMatchObject({ style: 'table', className: 'tags', complete: true });
    expect(tags.columns.map((item) => item.name)).toEqual(['post_id', 'tag_id']);
    expect(tags.indexes).toMatchObject([{ kind: 'primary-key', columns: ['post_id', 'tag_id'] }]);
  });
});

describe('robustness', () => {
  it('reads what it can of malformed Python and reports the error', () => {
    const module = readModels(
      'import sqlalchemy as sa\nclass A(Base):\n    __tablename__ = "a"\n    id = sa.Column(sa.Integer, primary_key=True\n',
    );
    expect(module.syntaxErrors.length).toBeGreaterThan(0);
  });
});
