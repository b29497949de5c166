"""API rate-limit events in the database, shared by all worker processes

Revision ID: 9a4c2e7f1b36
Revises: 7d3a9e51c2b4
Create Date: 2026-11-23 08:00:00.000000

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '9a4c2e7f1b36'
down_revision = '7d3a9e51c2b4'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('api_limit_event',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('kind', sa.String(length=40), nullable=False),
    sa.Column('key', sa.String(length=80), nullable=False),
    sa.Column('at', sa.DateTime(), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_api_limit_event'))
    )
    with op.batch_alter_table('api_limit_event', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_api_limit_event_at'), ['at'], unique=False)
        batch_op.create_index('ix_api_limit_event_kind_key_at', ['kind', 'key', 'at'],
                              unique=False)


def downgrade():
    with op.batch_alter_table('api_limit_event', schema=None) as batch_op:
        batch_op.drop_index('ix_api_limit_event_kind_key_at')
        batch_op.drop_index(batch_op.f('ix_api_limit_event_at'))
    op.drop_table('api_limit_event')
